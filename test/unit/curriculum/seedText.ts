// Helpers for the tests that hold the course to the seed reading lists (../shared/seeds):
// every link in them must be in the course, and none of their prose may be copied into it.
// Pure Node, no `vscode`.
import fs from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');
export const CURRICULUM = path.join(REPO, 'curriculum');

/** The seeds live beside the repository (/work/shared/seeds next to /work/main) unless overridden. */
export function seedsDir(): string {
  return process.env.LLM_STUDY_SEEDS || path.resolve(__dirname, '../../../../shared/seeds');
}

export interface SeedFile { name: string; text: string }

/** The seed reading lists, or undefined when the folder is not there (a clone without ../shared). */
export function readSeeds(dir = seedsDir()): SeedFile[] | undefined {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return undefined;
  return fs.readdirSync(dir)
    .filter((f) => f.endsWith('.txt') || f.endsWith('.md'))
    .sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

export interface SeedLink {
  /** The link with trailing sentence punctuation removed. */
  url: string;
  /** The text showed a shortened link ("https://example.com/lon..."): any course URL starting with `url` covers it. */
  truncated: boolean;
}

const LINK = /https?:\/\/[^\s)\]>"']+/g;

/** Every http(s) link in a text, in order of first appearance, without duplicates. */
export function extractLinks(text: string): SeedLink[] {
  const seen = new Map<string, SeedLink>();
  for (const m of text.matchAll(LINK)) {
    const raw = m[0];
    const truncated = /(\.\.\.|…)$/.test(raw);
    const url = raw.replace(/[.,;:!?…]+$/, '');
    if (!seen.has(url)) seen.set(url, { url, truncated });
  }
  return [...seen.values()];
}

/** Undo the UTF-8-read-as-Windows-1252 damage some seed files carry (â€™ for ’ and friends). */
export function fixMojibake(s: string): string {
  return s
    .replace(/â€™/g, '’').replace(/â€˜/g, '‘')
    .replace(/â€œ/g, '“').replace(/â€“/g, '–').replace(/â€”/g, '—')
    .replace(/â€\u009d|â€/g, '”');
}

/** Lower-case words with punctuation stripped; apostrophes join (don't -> dont). */
export function words(s: string): string[] {
  return fixMojibake(s)
    .toLowerCase()
    .normalize('NFKC')
    .replace(/['’‘`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function ngrams(ws: string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= ws.length; i++) out.push(ws.slice(i, i + n).join(' '));
  return out;
}

/** The n-word runs that `text` shares with the seeds (as indexed by `seedGrams`). */
export function sharedRuns(text: string, seedGrams: Set<string>, n: number): string[] {
  return ngrams(words(text), n).filter((g) => seedGrams.has(g));
}

/** Markdown prose without what is a fact rather than ours: link titles, URLs and autolinks. */
export function markdownProse(md: string): string {
  return md
    .replace(/!?\[[^\]]*\]\([^)]*\)/g, ' ')      // [title](url) and images: the title is a fact
    .replace(/\[[^\]]*\]\[[^\]]*\]/g, ' ')       // [title][ref]
    .replace(/^\s*\[[^\]]+\]:\s*\S+.*$/gm, ' ')  // [ref]: url "title"
    .replace(/<https?:[^>]*>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ');
}

/** Fields of course.json / resources.json that are facts or machinery, not our prose. (Lists of
 * ids, such as a lesson's `resources`, are walked like prose: ids can never match 12 words.) */
const NOT_PROSE = new Set(['title', 'url', 'id', 'file', '$schema']);

/** Every prose string in a curriculum JSON value, with where it sits (e.g. "resources[3].summary"). */
export function jsonProse(value: unknown, where = ''): { where: string; text: string }[] {
  if (typeof value === 'string') return [{ where, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => jsonProse(v, `${where}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (NOT_PROSE.has(k) ? [] : jsonProse(v, where ? `${where}.${k}` : k)));
  }
  return [];
}
