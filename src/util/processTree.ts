// Finding and killing what a child process left behind, for every feature that runs one (exercise
// tests, training). Linux reads /proc; elsewhere only the process group and taskkill's tree.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

function procEntries(): number[] {
  if (process.platform !== 'linux') return [];
  try {
    return fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number).filter((p) => p !== process.pid);
  } catch {
    return [];
  }
}

/** Every process whose ancestry leads to `pid` (Linux: /proc), found while they are still its descendants. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const e of procEntries()) {
    try {
      // The command name is in parentheses and may itself hold spaces or parentheses.
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), e]);
    } catch {
      /* gone meanwhile */
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) for (const c of children.get(queue.shift()!) ?? []) found.push(c), queue.push(c);
  return found;
}

/** Processes whose environment holds `marker` (`NAME=value`), wherever they were reparented to. */
function marked(marker: string): number[] {
  return procEntries().filter((e) => {
    try {
      return fs.readFileSync(`/proc/${e}/environ`, 'latin1').split('\0').includes(marker);
    } catch {
      return false;
    }
  });
}

/** Kills `pid`, its process group, its descendants and, with `marker`, everything that inherited it. */
export function killTree(pid: number, marker?: string): void {
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true });
    return;
  }
  const pids = new Set([...descendants(pid), ...(marker ? marked(marker) : [])]);
  for (const target of [-pid, pid, ...pids]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
