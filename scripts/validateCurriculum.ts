// Build/test-time check of curriculum/: JSON schemas (the same ones the editor uses through
// `jsonValidation`) and then the cross-reference rules in src/curriculum/validate.ts.
import Ajv from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import { readCurriculumFiles } from '../src/curriculum/load';
import { validateCurriculum } from '../src/curriculum/validate';
import { PLAYGROUND_VIEWS, type Course } from '../src/shared/curriculum/model';

const root = path.resolve(__dirname, '..', 'curriculum');
const schema = (name: string) => JSON.parse(fs.readFileSync(path.join(root, 'schema', `${name}.schema.json`), 'utf8'));

export function checkCurriculum(dir = root): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const errors: string[] = [];
  // Compile each schema once: Ajv refuses a second schema with the same $id.
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  const check = (name: string, file: string, data: unknown) => {
    if (!compiled.has(name)) compiled.set(name, ajv.compile(schema(name)));
    const validate = compiled.get(name)!;
    if (!validate(data)) for (const e of validate.errors ?? []) errors.push(`${file}${e.instancePath}: ${e.message}`);
  };
  const files = readCurriculumFiles(dir);
  check('course', 'course.json', files.course);
  check('resources', 'resources.json', { version: 1, resources: files.resources });
  for (const e of files.exercises) check('exercise', `exercises/${e.id}/exercise.json`, e);
  for (const m of files.course.modules ?? []) {
    for (const l of m.lessons ?? []) {
      if (l.file && !fs.existsSync(path.join(dir, l.file))) errors.push(`lesson "${l.id}": missing ${l.file}`);
    }
  }
  return [...errors, ...playgroundViewProblems(files.course, schema('course')), ...validateCurriculum(files)];
}

/**
 * The "Lesson: <title>" link under a playground view opens the one lesson that names it, so two lessons naming
 * the same view is a mistake (the second would never be linked). The schema's list of views must
 * be the extension's (PLAYGROUND_VIEWS), or the editor would accept a view the panel never shows.
 */
export function playgroundViewProblems(course: Course, courseSchema: unknown): string[] {
  const errors: string[] = [];
  const owner = new Map<string, string>();
  for (const m of course.modules ?? []) {
    for (const l of m.lessons ?? []) {
      for (const v of l.playgroundViews ?? []) {
        const first = owner.get(v);
        if (first) errors.push(`lesson "${l.id}": the playground view "${v}" is already the lesson "${first}"'s; a view links to one lesson`);
        else owner.set(v, l.id);
      }
    }
  }
  type Node = { properties?: Record<string, Node>; items?: Node & { enum?: string[] } };
  const lesson = (courseSchema as Node).properties?.modules?.items?.properties?.lessons?.items;
  const listed = lesson?.properties?.playgroundViews?.items?.enum ?? [];
  if ([...listed].sort().join() !== [...PLAYGROUND_VIEWS].sort().join()) {
    errors.push(`schema/course.schema.json: playgroundViews lists ${listed.join(', ') || 'nothing'}, but the playground's views are ${PLAYGROUND_VIEWS.join(', ')} (src/shared/curriculum/model.ts)`);
  }
  return errors;
}

if (require.main === module) {
  const errors = checkCurriculum();
  const files = readCurriculumFiles(root);
  const lessons = files.course.modules.reduce((n, m) => n + m.lessons.length, 0);
  console.log(`curriculum: ${files.course.modules.length} modules, ${lessons} lessons, ${files.resources.length} resources, ${files.exercises.length} exercises`);
  for (const e of errors) console.log(`  ✗ ${e}`);
  console.log(errors.length ? `curriculum: ${errors.length} problem(s)` : 'curriculum: valid');
  process.exit(errors.length ? 1 : 0);
}
