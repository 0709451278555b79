// The course as data: these types mirror curriculum/schema/*.schema.json. Pure (no `vscode`),
// so unit tests, build scripts and webviews can all import them.

export type ResourceKind = 'video' | 'audio' | 'article' | 'paper' | 'course' | 'book' | 'interactive' | 'code';
export type Difficulty = 'easy' | 'medium' | 'hard';

export interface Resource {
  /** Stable id, kebab-case; progress is keyed by it. */
  id: string;
  title: string;
  authors: string[];
  url: string;
  kind: ResourceKind;
  /** Only where a reading list rated it. */
  difficulty?: Difficulty;
  /** The lists flag some videos as long or as having poor audio. */
  long?: boolean;
  poorAudio?: boolean;
  /** Estimated study time in minutes. */
  minutes: number;
  /** Our own words: what it is. */
  summary: string;
  /** Our own words: what to take from it. */
  takeaway: string;
  /** Extra links that belong to the same resource (companion article, code, slides). */
  links?: { label: string; url: string }[];
}

export interface SelfCheckQuestion {
  id: string;
  prompt: string;
  /** Multiple choice when present; otherwise a short answer with a model answer to reveal. */
  choices?: string[];
  /** Index into `choices` for multiple choice. */
  correct?: number;
  /** Model answer / explanation shown after answering. */
  answer: string;
}

export interface Lesson {
  id: string;
  title: string;
  summary: string;
  /** Markdown file, relative to curriculum/, with the lesson text. */
  file?: string;
  /** Resource ids, in the order we suggest studying them. */
  resources: string[];
  /** Exercise ids (curriculum/exercises/<id>/exercise.json). */
  exercises: string[];
  selfCheck?: SelfCheckQuestion[];
  /**
   * The playground views this lesson explains: the link under each view ("Lesson: <title>") opens it. A view is
   * named by at most one lesson (npm run check:curriculum says which two when not).
   */
  playgroundViews?: PlaygroundView[];
}

/**
 * The playground views a lesson may name (curriculum/schema/course.schema.json lists the same ones;
 * check:curriculum compares them). "Your code" is not here: it links to the learner's exercise.
 */
export const PLAYGROUND_VIEWS = ['generate', 'attention', 'logit-lens', 'induction', 'ablate', 'patch', 'dla', 'steer'] as const;
export type PlaygroundView = (typeof PLAYGROUND_VIEWS)[number];

export interface Module {
  id: string;
  title: string;
  /** One line, shown as a tooltip. */
  summary: string;
  /** Why this step matters, in our words (markdown). */
  why: string;
  /** Ids of modules to do first. Must be acyclic. */
  prerequisites: string[];
  lessons: Lesson[];
}

export interface Course {
  version: 1;
  title: string;
  modules: Module[];
}

export interface ResourceFile {
  version: 1;
  resources: Resource[];
}

export interface ExerciseMeta {
  id: string;
  title: string;
  summary: string;
  difficulty: Difficulty;
  minutes: number;
  /** Exercise contents may not be written yet: the sidebar shows it as coming soon. */
  status?: 'ready' | 'planned';
  [extra: string]: unknown;
}

export interface Curriculum {
  course: Course;
  resources: Map<string, Resource>;
  exercises: Map<string, ExerciseMeta>;
}
