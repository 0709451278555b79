// A run's events, one JSON line each, in its folder (events.jsonl): the host writes every event the
// view draws, so a window reload draws the same curves again. train.py's checkpoint holds its
// history only for --resume, and a run of the learner's own loop (train_mine.py) or one stopped
// before its first checkpoint has no checkpoint history at all. Only the host writes it.
import fs from 'node:fs';
import path from 'node:path';
import { isTrainEvent, type TrainEvent } from '../shared/protocols/training';
import { EVENT_LOG } from './runs';

export function appendEvent(runDir: string, e: TrainEvent): void {
  fs.appendFileSync(path.join(runDir, EVENT_LOG), JSON.stringify(e) + '\n', 'utf8');
}

/**
 * The events of the run's last launch: from the last `start` on (a resume replays the history so
 * far right after its start, so nothing before it is needed). Lines that are not events (a line
 * cut short by a crash) are left out; no log is no events.
 */
export function readEventLog(runDir: string): TrainEvent[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(runDir, EVENT_LOG), 'utf8');
  } catch {
    return [];
  }
  const events: TrainEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const o: unknown = JSON.parse(line);
      if (typeof o === 'object' && o !== null && !Array.isArray(o) && isTrainEvent(o as Record<string, unknown>)) events.push(o as TrainEvent);
    } catch {
      // half a line: the rest of the log is still good
    }
  }
  const start = events.map((e) => e.kind).lastIndexOf('start');
  return start > 0 ? events.slice(start) : events;
}
