// "Export my notes": every note as one markdown file, in course order, with the resource links,
// so the file stands on its own outside the editor. Pure.
import type { Curriculum } from '../shared/curriculum/model';
import { lessonNoteKey, resourceNoteKey } from '../shared/protocols/lesson';

const quoteTitle = (s: string) => s.replace(/\n/g, ' ');

export function notesMarkdown(c: Curriculum, notes: Record<string, string>, now = new Date()): { text: string; count: number } {
  const out: string[] = [`# My LLM Study notes`, '', `_Exported ${now.toISOString().slice(0, 10)} from LLM Study._`, ''];
  const used = new Set<string>();
  let count = 0;
  const take = (key: string) => {
    const t = notes[key]?.trim();
    if (!t || used.has(key)) return undefined;
    used.add(key);
    count++;
    return t;
  };
  for (const [mi, m] of c.course.modules.entries()) {
    const section: string[] = [];
    for (const l of m.lessons) {
      const parts: string[] = [];
      const own = take(lessonNoteKey(l.id));
      if (own) parts.push(own, '');
      for (const id of l.resources) {
        const t = take(resourceNoteKey(id));
        const r = c.resources.get(id);
        if (t) parts.push(`#### ${quoteTitle(r?.title ?? id)}${r ? ` — <${r.url}>` : ''}`, '', t, '');
      }
      if (parts.length) section.push(`### ${quoteTitle(l.title)}`, '', ...parts);
    }
    if (section.length) out.push(`## ${mi + 1}. ${quoteTitle(m.title)}`, '', ...section);
  }
  // Notes whose lesson or resource left the course are still the learner's: keep them.
  const rest = Object.keys(notes).filter((k) => !used.has(k) && notes[k].trim()).sort();
  if (rest.length) {
    out.push('## Other notes', '');
    for (const k of rest) {
      count++;
      out.push(`### ${k}`, '', notes[k].trim(), '');
    }
  }
  if (count === 0) out.push('You have not written any notes yet.', '');
  return { text: out.join('\n').replace(/\n{3,}/g, '\n\n'), count };
}
