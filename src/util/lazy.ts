// Feature bundles loaded the first time something of theirs is used (issue 16). esbuild cannot
// split a CommonJS bundle, so each feature is built as a bundle of its own (dist/features/<name>.js,
// see esbuild.mjs) and required from here: activating for the sidebar then parses the entry bundle
// alone. Every load is logged with its time and why, so the cost of each first use can be read in
// the LLM Study log (and the bench counts what the sidebar's activation loaded).

/** One feature loaded: how long require() and its registration took, and what asked for it. */
export interface FeatureLoad {
  name: string;
  ms: number;
  why: string;
}

export interface LazyFeature<T> {
  /** The feature, loaded and registered on the first call; `why` goes into the log. */
  get(why: string): T;
  readonly loaded: boolean;
}

type Require = (id: string) => unknown;

export class FeatureLoader {
  /** In load order; the extension-host suite reads it through the extension's API. */
  readonly loads: FeatureLoad[] = [];

  /**
   * @param dir the folder of the feature bundles (dist/features beside the entry bundle)
   * @param req Node's require; a test passes its own
   */
  constructor(private readonly dir: string, private readonly log: { info(line: string): void; error(line: string): void }, private readonly req: Require) {}

  /** `start` gets the bundle's exports and registers the feature; it runs once, whatever it returns or throws. */
  lazy<T>(name: string, start: (bundle: unknown) => T): LazyFeature<T> {
    let result: { value: T } | { error: unknown } | undefined;
    const loads = this.loads;
    const load = (why: string): T => {
      const t0 = performance.now();
      try {
        result = { value: start(this.req(`${this.dir}/${name}.js`)) };
      } catch (e) {
        // Kept: a second try would register again whatever the first got to before it threw.
        result = { error: e };
        this.log.error(`feature ${name} failed to load (${why}): ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        throw e;
      }
      const ms = performance.now() - t0;
      loads.push({ name, ms, why });
      this.log.info(`feature ${name} loaded in ${ms.toFixed(1)} ms (${why})`);
      return result.value;
    };
    return {
      get(why: string): T {
        if (!result) return load(why);
        if ('error' in result) throw result.error;
        return result.value;
      },
      get loaded() {
        return result !== undefined && 'value' in result;
      },
    };
  }
}
