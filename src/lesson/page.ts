// Builds what a lesson page shows from the curriculum, without `vscode`: the rendered text (or a
// fallback from the module's "why" and the lesson summary while the text is unwritten), resource
// and exercise cards, self-check questions and the previous / next page.
import type { Curriculum, Lesson, Module, Resource, ResourceKind } from '../shared/curriculum/model';
import { formatMinutes } from '../shared/curriculum/treeModel';
import { renderInline, renderMarkdown, type RenderOptions } from './markdown';
import { EMBED_ORIGIN, type ExerciseCard, type LessonPage, type PageKey, type PageLink, type QuestionView, type ResourceCard } from '../shared/protocols/lesson';
import { locate } from './locate';

export const KIND_LABELS: Record<ResourceKind, string> = {
  video: 'Video', audio: 'Audio', article: 'Article', paper: 'Paper', course: 'Course', book: 'Book', interactive: 'Interactive', code: 'Code',
};

/** Lessons in course order, for previous / next. */
function lessonOrder(c: Pick<Curriculum, 'course'>): PageLink[] {
  return c.course.modules.flatMap((m) => m.lessons.map((l) => ({ key: `lesson:${l.id}` as PageKey, title: l.title })));
}

/** `https://www.youtube.com/watch?v=ID` and `https://youtu.be/ID` -> the privacy-enhanced embed URL. */
export function youtubeEmbed(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  const host = u.hostname.replace(/^www\.|^m\./, '');
  let id: string | null = null;
  if (host === 'youtu.be') id = u.pathname.slice(1).split('/')[0];
  else if (host === 'youtube.com' && u.pathname === '/watch') id = u.searchParams.get('v');
  else if (host === 'youtube.com' && /^\/(embed|shorts|live)\//.test(u.pathname)) id = u.pathname.split('/')[2];
  const list = u.searchParams.get('list');
  const okList = list && /^[\w-]{10,64}$/.test(list) ? list : undefined;
  if (id && /^[\w-]{6,20}$/.test(id)) return `${EMBED_ORIGIN}/embed/${id}${okList ? `?list=${okList}` : ''}`;
  if (host === 'youtube.com' && u.pathname === '/playlist' && okList) return `${EMBED_ORIGIN}/embed/videoseries?list=${okList}`;
  return undefined;
}

export function resourceCard(r: Resource): ResourceCard {
  return {
    id: r.id,
    title: r.title,
    authors: r.authors.join(', '),
    kind: r.kind,
    kindLabel: KIND_LABELS[r.kind] ?? r.kind,
    difficulty: r.difficulty,
    long: r.long === true,
    poorAudio: r.poorAudio === true,
    time: formatMinutes(r.minutes),
    summary: r.summary,
    takeaway: r.takeaway,
    url: r.url,
    embed: r.kind === 'video' ? youtubeEmbed(r.url) : undefined,
    links: (r.links ?? []).filter((l) => /^https?:\/\//i.test(l.url)),
  };
}

function fallbackText(module: Module, lesson: Lesson): string {
  return `${lesson.summary}\n\n## Why this module matters\n\n${module.why}\n\n_The full text of this lesson is still being written; the resources below are in the order we suggest._`;
}

function moduleOverview(c: Curriculum, module: Module): string {
  const lessons = module.lessons.map((l) => `- [${l.title}](lesson:${l.id}) — ${l.summary}`).join('\n');
  const pre = module.prerequisites
    .map((id) => c.course.modules.find((m) => m.id === id))
    .filter((m): m is Module => !!m)
    .map((m) => `[${m.title}](module:${m.id})`);
  return `${module.summary}\n\n## Why this step matters\n\n${module.why}\n\n## Lessons\n\n${lessons}${pre.length ? `\n\n**Do first:** ${pre.join(', ')}` : ''}`;
}

/**
 * @param lessonText the lesson's markdown, or undefined when its file is missing or empty.
 */
export function buildPage(c: Curriculum, key: PageKey, lessonText: string | undefined, opts: RenderOptions): LessonPage | undefined {
  const at = locate(c, key);
  if (!at) return undefined;
  const { module, moduleIndex, lesson } = at;
  const eyebrow = `Module ${moduleIndex + 1} · ${module.title}`;
  if (!lesson) {
    const first = module.lessons[0];
    return {
      key, title: module.title, eyebrow: `Module ${moduleIndex + 1}`, html: renderMarkdown(moduleOverview(c, module), opts), hasText: true,
      resources: [], exercises: [], questions: [],
      next: first ? { key: `lesson:${first.id}`, title: first.title } : undefined,
    };
  }
  const hasText = !!lessonText?.trim();
  const resources = lesson.resources.map((id) => c.resources.get(id)).filter((r): r is Resource => !!r).map(resourceCard);
  const exercises: ExerciseCard[] = lesson.exercises.flatMap((id) => {
    const e = c.exercises.get(id);
    return e ? [{ id, title: e.title, summary: e.summary, time: formatMinutes(e.minutes), difficulty: e.difficulty, planned: e.status === 'planned' }] : [];
  });
  const questions: QuestionView[] = (lesson.selfCheck ?? []).map((q) => ({
    id: q.id,
    prompt: renderInline(q.prompt, opts),
    choices: q.choices?.map((ch) => renderInline(ch, opts)),
    correct: q.correct,
    answer: renderMarkdown(q.answer, opts),
  }));
  const order = lessonOrder(c);
  const i = order.findIndex((p) => p.key === key);
  return {
    key, title: lesson.title, eyebrow,
    html: renderMarkdown(hasText ? lessonText! : fallbackText(module, lesson), opts),
    hasText, resources, exercises, questions,
    prev: i > 0 ? order[i - 1] : undefined,
    next: i >= 0 && i < order.length - 1 ? order[i + 1] : undefined,
  };
}
