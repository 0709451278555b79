// The features activation does not load (issue 16): each is bundled as dist/features/<name>.js
// (esbuild.mjs) and loaded on first use; activate() registers what is listed here in its place.
// No imports: the unit tests read this table beside package.json and each registration.

/** What activation registers for a feature before loading it; the feature must answer exactly these. */
export interface LazySpec {
  commands: readonly string[];
  /** Webview panel view types (package.json `onWebviewPanel:` events). */
  panels: readonly string[];
  /** Custom editor view types (package.json `onCustomEditor:` events). */
  editors: readonly string[];
}

/** test/unit/architecture/lazyFeatures.test.ts checks these against package.json and each feature's registration. */
export const LAZY_FEATURES = {
  exercises: {
    commands: ['llmStudy.startExercise', 'llmStudy.runExerciseTests', 'llmStudy.toggleRunOnSave', 'llmStudy.openExerciseWorkspace', 'llmStudy.resetExercise',
      'llmStudy.resetAllExercises', 'llmStudy.showNextHint', 'llmStudy.compareWithSolution', 'llmStudy.showMyModel'],
    panels: [],
    editors: [],
  },
  lesson: { commands: ['llmStudy.openLesson', 'llmStudy.openModule', 'llmStudy.exportNotes'], panels: ['llmStudy.lesson'], editors: [] },
  playground: { commands: ['llmStudy.openPlayground'], panels: ['llmStudy.playground'], editors: ['llmStudy.onnxModel'] },
  review: { commands: ['llmStudy.review'], panels: ['llmStudy.review'], editors: [] },
  tokenizer: { commands: ['llmStudy.showTokens'], panels: ['llmStudy.tokenizer'], editors: [] },
  training: { commands: ['llmStudy.trainTinyGpt'], panels: ['llmStudy.training'], editors: [] },
} as const satisfies Record<string, LazySpec>;

export type LazyFeatureName = keyof typeof LAZY_FEATURES;
