// Mutants: plausible wrong answers, each written in exercise.json as edits to the reference
// solution (see curriculum/exercises/README.md). Used by npm run check:exercises and the tests,
// which prove that an exercise's tests fail on each; the extension itself never runs them.

export interface MutantEdit {
  find: string;
  replace: string;
}

export interface Mutant {
  id: string;
  mistake: string;
  edits: MutantEdit[];
}

export class MutantError extends Error {}

/** The solution with the mutant's edits made, in order; each find must occur exactly once. */
export function applyMutant(solution: string, m: Mutant): string {
  let text = solution;
  for (const [i, e] of m.edits.entries()) {
    const at = text.indexOf(e.find);
    if (at < 0) throw new MutantError(`mutant ${m.id}: edit ${i + 1} finds nothing; was the solution changed? (${JSON.stringify(e.find.slice(0, 60))})`);
    if (text.indexOf(e.find, at + 1) >= 0) throw new MutantError(`mutant ${m.id}: edit ${i + 1} finds its text more than once; give it more context`);
    text = text.slice(0, at) + e.replace + text.slice(at + e.find.length);
  }
  if (text === solution) throw new MutantError(`mutant ${m.id} changes nothing`);
  return text;
}
