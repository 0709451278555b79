// Training benchmark (issue 14, "Speed"). Not a test: numbers move with the machine and its load.
//   node --import tsx scripts/bench/training.ts
// - view_overhead_ratio: steps/s of a short demo-preset run with --live, its stdout read and parsed by
//   the training view's own reader (src/training/process.ts), over the same run without --live. The
//   live run also computes head scores and samples, which only the view asks for: that is its cost.
//   Rounds alternate which side goes first, and each side keeps its best (target >= 0.95). 200 steps,
//   a multiple of the preset's sample interval (100), so the run has the full run's share of samples
//   (a 200-token sample costs ~0.33 s, ~3 training steps; head scores ~0.01 s); 120 steps would
//   sample at 100 and again at 120 and overstate the cost (0.94 measured).
// - demo_phase_change_s / demo_final_val_loss: the whole demo preset takes minutes, so by default
//   they are the last full run recorded in training/train.py (DEMO_RECORD); LLMSTUDY_BENCH_TRAIN_FULL=1
//   runs the preset here and measures them (seconds from the start event to the first head score
//   above 0.5, and the final validation loss).
// - torch.compile: training steps/s compiled and eager, or null with the reason it could not run.
// Last line: BENCH {"train": {...}} for tools.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTraining } from '../../src/training/process';
import type { TrainEvent } from '../../src/shared/protocols/training';

const repoRoot = path.resolve(__dirname, '..', '..');
const trainPy = path.join(repoRoot, 'training', 'train.py');
const python = process.env.LLM_STUDY_PYTHON ?? '/usr/bin/python3';
/** The best induction score that counts as "an induction head has formed" (issue 14's "Done when"). */
const PHASE_SCORE = 0.5;

export interface TrainBench {
  view_overhead_ratio: number | null;
  steps_per_s_live: number | null;
  steps_per_s_plain: number | null;
  overhead_steps: number;
  demo_phase_change_s: number | null;
  demo_final_val_loss: number | null;
  /** "measured" (LLMSTUDY_BENCH_TRAIN_FULL=1) or where the recorded numbers come from. */
  demo_source: string;
  compile_steps_per_s: number | null;
  eager_steps_per_s: number | null;
  compile_note?: string;
}

interface RunResult { seconds: number; events: TrainEvent[]; startedAt?: number; phaseAt?: number }

/** One train.py run through the view's process reader; `seconds` is the training loop's own time (ckpt stats). */
async function runTrain(args: string[], out: string): Promise<RunResult> {
  const events: TrainEvent[] = [];
  let startedAt: number | undefined, phaseAt: number | undefined;
  const p = startTraining({
    python, script: trainPy, args: [...args, '--out', out], cwd: out,
    onEvent: (e) => {
      events.push(e);
      if (e.kind === 'start') startedAt = performance.now();
      if (e.kind === 'step' && e.heads && phaseAt === undefined && Math.max(...e.heads.induction.flat()) > PHASE_SCORE) phaseAt = performance.now();
    },
  });
  const exit = await p.exit;
  if (exit.code !== 0) throw new Error(`train.py ${args.join(' ')} failed (${exit.code ?? exit.signal}): ${exit.stderrTail.slice(-800)}`);
  const r = spawnSync(python, ['-c', 'import sys, torch; print(torch.load(sys.argv[1])["stats"]["seconds"])', path.join(out, 'ckpt.pt')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not read ${out}/ckpt.pt: ${r.stderr.slice(-400)}`);
  return { seconds: Number(r.stdout.trim()), events, startedAt, phaseAt };
}

async function benchOverhead(steps: number, rounds: number, tmp: string): Promise<{ live: number; plain: number }> {
  // Without --data: the reference tiny Shakespeare (../shared/data), as the recorded demo runs used.
  const base = ['--preset', 'demo', '--steps', String(steps), '--threads', '1'];
  const best = { live: 0, plain: 0 };
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 ? (['plain', 'live'] as const) : (['live', 'plain'] as const);
    for (const side of order) {
      const r = await runTrain(side === 'live' ? [...base, '--live'] : base, fs.mkdtempSync(path.join(tmp, side)));
      best[side] = Math.max(best[side], steps / r.seconds);
    }
  }
  return best;
}

function recordedDemo(): { phase: number | null; val: number | null; source: string } {
  const code = 'import json, sys; sys.path.insert(0, sys.argv[1]); import train; print(json.dumps(train.DEMO_RECORD))';
  const r = spawnSync(python, ['-c', code, path.join(repoRoot, 'training')], { encoding: 'utf8' });
  if (r.status !== 0) return { phase: null, val: null, source: `no record: ${r.stderr.trim().split('\n').pop()}` };
  const rec = JSON.parse(r.stdout) as { phase_change_s: number; final_val_loss: number; date: string; threads: number };
  return { phase: rec.phase_change_s, val: rec.final_val_loss, source: `recorded ${rec.date} (${rec.threads} threads), training/train.py DEMO_RECORD` };
}

async function measuredDemo(tmp: string): Promise<{ phase: number | null; val: number | null; source: string }> {
  const r = await runTrain(['--preset', 'demo', '--live', '--threads', '2'], fs.mkdtempSync(path.join(tmp, 'demo')));
  const done = r.events.find((e) => e.kind === 'done');
  const phase = r.phaseAt !== undefined && r.startedAt !== undefined ? Math.round((r.phaseAt - r.startedAt) / 100) / 10 : null;
  return { phase, val: done && done.kind === 'done' ? done.val_loss ?? null : null, source: `measured now (2 threads, ${r.seconds} s in all)` };
}

// Training steps of the demo model on random tokens, eager and through torch.compile, one thread.
const COMPILE_PY = String.raw`
import json, sys, time, torch
sys.path.insert(0, sys.argv[1])
from model import GPT, GPTConfig
torch.set_num_threads(1); torch.manual_seed(0)
cfg = GPTConfig(block_size=64, vocab_size=65, n_layer=2, n_head=4, n_embd=128, dropout=0.0)
x = torch.randint(65, (32, 64)); y = torch.randint(65, (32, 64))
def rate(model, n=30):
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    def step():
        _, loss = model(x, y); opt.zero_grad(); loss.backward(); opt.step()
    for _ in range(3): step()  # the first calls compile
    t = time.perf_counter()
    for _ in range(n): step()
    return n / (time.perf_counter() - t)
eager = rate(GPT(cfg))
if not hasattr(torch, "compile"):
    print(json.dumps({"eager": eager, "note": f"torch.compile needs PyTorch >= 2.0; this machine has {torch.__version__}"})); sys.exit()
try:
    compiled = rate(torch.compile(GPT(cfg)))
except Exception as e:  # no compiler toolchain offline, an unsupported op...
    print(json.dumps({"eager": eager, "note": f"torch.compile failed: {type(e).__name__}: {str(e)[:200]}"})); sys.exit()
print(json.dumps({"eager": eager, "compiled": compiled}))
`;

function benchCompile(): { compiled: number | null; eager: number | null; note?: string } {
  const r = spawnSync(python, ['-c', COMPILE_PY, path.join(repoRoot, 'training')], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return { compiled: null, eager: null, note: `the compile check failed: ${(r.stderr || String(r.error)).trim().split('\n').pop()}` };
  const o = JSON.parse(r.stdout.trim().split('\n').pop()!) as { eager?: number; compiled?: number; note?: string };
  return { compiled: o.compiled ?? null, eager: o.eager ?? null, note: o.note };
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export async function benchTraining(opts: { steps?: number; rounds?: number } = {}): Promise<TrainBench> {
  const steps = opts.steps ?? Number(process.env.LLMSTUDY_BENCH_TRAIN_STEPS ?? 200);
  const rounds = opts.rounds ?? 2;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-train-bench-'));
  try {
    const o = await benchOverhead(steps, rounds, tmp);
    const demo = process.env.LLMSTUDY_BENCH_TRAIN_FULL === '1' ? await measuredDemo(tmp) : recordedDemo();
    const c = benchCompile();
    return {
      view_overhead_ratio: o.plain ? Math.round((o.live / o.plain) * 1000) / 1000 : null,
      steps_per_s_live: r2(o.live), steps_per_s_plain: r2(o.plain), overhead_steps: steps,
      demo_phase_change_s: demo.phase, demo_final_val_loss: demo.val, demo_source: demo.source,
      compile_steps_per_s: c.compiled === null ? null : r2(c.compiled), eager_steps_per_s: c.eager === null ? null : r2(c.eager),
      ...(c.note ? { compile_note: c.note } : {}),
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export function printTraining(t: TrainBench): void {
  console.log(`\nTraining (demo preset, ${t.overhead_steps} steps, one thread)`);
  console.log(`steps/s with the view's --live reader ${t.steps_per_s_live}, without ${t.steps_per_s_plain}: ratio ${t.view_overhead_ratio} (target >= 0.95)`);
  console.log(`demo preset: phase change at ${t.demo_phase_change_s} s, final val loss ${t.demo_final_val_loss} (${t.demo_source})`);
  console.log(`torch.compile: ${t.compile_steps_per_s ?? 'n/a'} steps/s vs eager ${t.eager_steps_per_s ?? 'n/a'}${t.compile_note ? ` (${t.compile_note})` : ''}`);
}

if (require.main === module) {
  benchTraining().then((t) => {
    printTraining(t);
    console.log(`BENCH ${JSON.stringify({ train: t })}`);
  }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
