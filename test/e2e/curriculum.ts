// Reads the shipped course so specs find rows by the titles a learner sees.
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../support/codeServer';
import type { Course, ResourceFile } from '../../src/shared/curriculum/model';

export const course: Course = JSON.parse(fs.readFileSync(path.join(REPO, 'curriculum', 'course.json'), 'utf8'));
export const resources: ResourceFile = JSON.parse(fs.readFileSync(path.join(REPO, 'curriculum', 'resources.json'), 'utf8'));
export const resourceTitle = (id: string) => resources.resources.find((r) => r.id === id)!.title;
