// activate() only wires features together; each feature lives in its own folder. This bundle holds
// Study and the course tree (the sidebar is what activates us most); every other feature is a
// bundle of its own (dist/features/<name>.js) loaded the first time it is used (issue 16): its
// commands, panels to restore and editors are registered here from LAZY_FEATURES, and its port on
// Study is a stand-in until then (src/util/lazyPorts.ts).
import * as vscode from 'vscode';
import path from 'node:path';
import { lazyCommands, lazyViews, registerCommandTable, type CommandTable, type Feature } from './commands';
import { LAZY_FEATURES, type LazyFeatureName } from './features';
import { registerCurriculum } from './curriculum/registration';
import { coreCommands, createStudy, type Study } from './study';
import { FeatureLoader, type FeatureLoad, type LazyFeature } from './util/lazy';
import { exercisesStandIn, playgroundStandIn, reviewStandIn } from './util/lazyPorts';
import { exercisesRootOf, isStarted } from './util/startedExercises';

/** Returned from activate() so the extension-host tests can reach the live state. */
export interface LlmStudyApi {
  study: Study;
  commands: string[];
  activationMs: number;
  /** Every feature bundle loaded so far, in order (what activation itself loaded has `atActivation`). */
  loads: readonly (FeatureLoad & { atActivation: boolean })[];
}

/**
 * Each bundle's registration. Type-only imports: the code stays in its own bundle, and only the
 * bundle's exports are reached, through require() (src/util/lazy.ts).
 */
const REGISTER: { [F in LazyFeatureName]: (bundle: unknown, study: Study) => Feature } = {
  exercises: (b, s) => (b as typeof import('./exercises/registration')).registerExercises(s),
  lesson: (b, s) => (b as typeof import('./lesson/registration')).registerLessons(s),
  playground: (b, s) => (b as typeof import('./playground/registration')).registerPlayground(s),
  review: (b, s) => (b as typeof import('./review/registration')).registerReview(s),
  tokenizer: (b, s) => (b as typeof import('./tokenizer/registration')).registerTokenizer(s),
  training: (b, s) => (b as typeof import('./training/registration')).registerTraining(s),
};

export function activate(context: vscode.ExtensionContext): LlmStudyApi {
  const t0 = performance.now();
  const study = createStudy(context);
  const { features, loader } = lazyFeatures(study);
  const stubs: CommandTable[] = Object.entries(LAZY_FEATURES).map(([name, spec]) => {
    const f = features[name as LazyFeatureName];
    lazyViews(context, spec, (why) => f.get(why));
    return lazyCommands(spec.commands, (why) => f.get(why));
  });
  const commands = registerCommandTable(context, coreCommands(study), registerCurriculum(study), ...stubs);
  loadWhatIsInUse(study, features);
  const atActivation = loader.loads.length;
  const activationMs = performance.now() - t0;
  study.log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return { study, commands, activationMs, get loads() { return loader.loads.map((l, i) => ({ ...l, atActivation: i < atActivation })); } };
}

/** The lazy features, with the stand-in ports on Study that load them when a call needs them. */
function lazyFeatures(study: Study): { features: Record<LazyFeatureName, LazyFeature<Feature>>; loader: FeatureLoader } {
  const loader = new FeatureLoader(path.join(__dirname, 'features'), study.log, require);
  let forward = (): vscode.Disposable => ({ dispose() {} });
  const features = Object.fromEntries((Object.keys(REGISTER) as LazyFeatureName[]).map((name) => [name, loader.lazy(name, (bundle) => {
    const feature = REGISTER[name](bundle, study);
    if (name === 'exercises') study.context.subscriptions.push(forward());
    return feature;
  })])) as Record<LazyFeatureName, LazyFeature<Feature>>;
  const exercises = exercisesStandIn(study, features.exercises, (id) => isStarted(exercisesRoot(), id));
  forward = exercises.forward;
  study.context.subscriptions.push(exercises);
  study.ports.exercises = exercises.port;
  study.ports.playground = playgroundStandIn(study, features.playground);
  study.ports.review = reviewStandIn(study, features.review);
  return { features, loader };
}

/**
 * What must run without being asked: the exercises when one is started (the Testing view and the
 * CodeLens list them; a new exercises root may hold some), and the review's "N due" in the status
 * bar once the learner has answered a self-check (after activation: the sidebar does not wait).
 */
function loadWhatIsInUse(study: Study, features: Record<LazyFeatureName, LazyFeature<Feature>>): void {
  const exercisesInUse = () => {
    const root = exercisesRoot();
    if ([...study.curriculum.exercises.keys()].some((id) => isStarted(root, id))) features.exercises.get('an exercise is started in the exercises root');
  };
  exercisesInUse();
  study.context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (!features.exercises.loaded && e.affectsConfiguration('llmStudy.exercises.root')) exercisesInUse();
  }));
  if (study.storage.getRaw('llmStudy.review') !== undefined || study.storage.getRaw('llmStudy.selfCheck') !== undefined) {
    // A failed load is logged by the loader; the review command says so again when asked.
    setTimeout(() => { try { features.review.get('the status bar counts due self-checks'); } catch { /* logged */ } }, 0);
  }
}

/** The exercises root as the setting names it now (read each time: the learner may change it). */
function exercisesRoot(): string | undefined {
  return exercisesRootOf(vscode.workspace.getConfiguration('llmStudy').get<string>('exercises.root', ''), vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
}

export function deactivate(): void {}
