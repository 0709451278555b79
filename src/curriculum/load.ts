// Reads the curriculum from disk. Node `fs` only (no `vscode`), so tests and scripts reuse it.
import fs from 'node:fs';
import path from 'node:path';
import type { Course, Curriculum, ExerciseMeta, ResourceFile } from '../shared/curriculum/model';

export class CurriculumError extends Error {}

function readJson<T>(file: string): T {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CurriculumError(`cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new CurriculumError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

export function readExercises(root: string): ExerciseMeta[] {
  const dir = path.join(root, 'exercises');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'exercise.json')))
    .map((d) => readJson<ExerciseMeta>(path.join(dir, d.name, 'exercise.json')));
}

export function readCurriculumFiles(root: string) {
  return {
    course: readJson<Course>(path.join(root, 'course.json')),
    resources: readJson<ResourceFile>(path.join(root, 'resources.json')).resources,
    exercises: readExercises(root),
  };
}

export function loadCurriculum(root: string): Curriculum {
  const { course, resources, exercises } = readCurriculumFiles(root);
  if (!Array.isArray(course?.modules)) throw new CurriculumError('course.json has no modules');
  return {
    course,
    resources: new Map(resources.map((r) => [r.id, r])),
    exercises: new Map(exercises.map((e) => [e.id, e])),
  };
}
