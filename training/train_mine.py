"""Train the demo preset with the learner's own loop: their train-loop exercise's train_loop.py.

    train_mine.py --exercise-dir ~/llm-study/train-loop --data names.txt --out DIR --live

The editor's "Train with my code" runs this instead of train.py. The learner's train() does every
step (their batches, optimizer, schedule, clipping); this script only gives it the model and the
text, and watches through their on_step callback: it prints the same LLMSTUDY_TRAIN lines as
train.py --live (their estimate_loss for the curves, probes.head_scores for the heads, samples,
checkpoints), so the view draws the same curves, and Export reads the checkpoint as it reads
train.py's. Two things are added to their loop, said here so nothing is hidden: half of the
training rows are a repeated random run (data.repeat_rows, as in the demo preset; otherwise no
induction head forms in the demo's 2,000 steps), and a run of their code cannot be resumed (their
train() owns its optimizer; a checkpoint here holds the weights only, which is what Export needs).
"""

import argparse
import importlib.util
import json
import math
import sys
import time
import traceback
from dataclasses import asdict
from pathlib import Path
from types import SimpleNamespace

import torch

from data import CharVocab, read_user_text, repeat_rows
from live import LiveLog
from model import GPT, GPTConfig
from probes import head_scores
from train import CKPT, make_sample, parse_args as train_args

MODULE = "train_loop.py"
# Written beside the checkpoint: the editor reads it to know a run used the learner's loop.
MARKER = "my-code.json"
NEEDED = ("split", "get_batch", "estimate_loss", "train")


class LearnerError(SystemExit):
    """Something in the learner's code: one line for the view, their traceback for the log."""


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--exercise-dir", required=True, help="the learner's train-loop folder (train_loop.py)")
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--live", action="store_true")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--preset", choices=["demo"], default="demo")
    own, rest = p.parse_known_args(argv)
    # The demo preset's numbers, and LLMSTUDY_TRAIN_STEPS shortening them, exactly as train.py reads
    # them; any other train.py flag (--steps, --n-embd: the tests' small models) passes through.
    args = train_args(["--preset", own.preset, "--data", own.data, "--out", own.out, "--threads", str(own.threads)]
                      + (["--live"] if own.live else []) + rest)
    args.exercise_dir = own.exercise_dir
    return args


def where_in(exc, path):
    """' (train_loop.py line N)' for the deepest frame in the learner's file, else ''."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve() == path.resolve()]
    return f" ({path.name} line {frames[-1].lineno}, in {frames[-1].name})" if frames else ""


def load_learner(folder):
    path = Path(folder).expanduser() / MODULE
    if not path.is_file():
        raise LearnerError(f"no {MODULE} in {path.parent}: start the train-loop exercise (LLM Study: Start Exercise) "
                           "and make its tests pass first.")
    # Their folder goes last on the path: their gpt_model.py is found, but never in place of our model.py.
    sys.path.append(str(path.parent))
    spec = importlib.util.spec_from_file_location("learner_train_loop", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as e:  # noqa: BLE001 - any error in their file is theirs to see
        traceback.print_exc()
        raise LearnerError(f"your {MODULE} could not be loaded: {type(e).__name__}: {e}{where_in(e, path)}") from None
    missing = [name for name in NEEDED if not callable(getattr(module, name, None))]
    if missing:
        raise LearnerError(f"your {MODULE} has no {', '.join(missing)}(); the exercise's stub defines them.")
    return module, path


def run_learner(fn, path, what, *a, **k):
    try:
        return fn(*a, **k)
    except NotImplementedError as e:
        # Named after the function that raised: train() calling an unwritten lr_at() is lr_at's fault.
        frames = [f for f in traceback.extract_tb(e.__traceback__) if Path(f.filename).resolve() == path.resolve()]
        name = frames[-1].name if frames else what
        raise LearnerError(f"your {name}() is not written yet: it raises NotImplementedError{where_in(e, path)}. "
                           "Make the exercise's tests pass first.") from None
    except LearnerError:
        raise
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        raise LearnerError(f"your {what}() failed: {type(e).__name__}: {e}{where_in(e, path)}") from None


def main(argv=None):
    args = parse_args(argv)
    live = LiveLog(args.live)
    try:
        train_mine(args, live)
    except SystemExit as e:
        if isinstance(e.code, str):
            live.emit("error", message=e.code)
        raise


def train_mine(args, live):
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(args.threads)
    mine, path = load_learner(args.exercise_dir)
    log = live.say

    text = read_user_text(args.data, min_chars=10 * (args.block_size + 2))
    vocab = CharVocab.from_text(text)
    data = torch.tensor(vocab.encode(text), dtype=torch.long)  # (N,)
    train_part, val_part = run_learner(mine.split, path, "split", data, 0.1)
    splits = {"train": train_part, "val": val_part}
    (out / MARKER).write_text(json.dumps({"exercise_dir": str(path.parent), "module": str(path)}) + "\n", encoding="utf-8")
    log(f"data: {args.data} ({len(text):,} characters, {len(vocab)} distinct); your loop: {path}")

    torch.manual_seed(args.seed)
    config = GPTConfig(block_size=args.block_size, vocab_size=len(vocab), n_layer=args.n_layer, n_head=args.n_head,
                       n_embd=args.n_embd, dropout=args.dropout)
    model = GPT(config)
    cfg = SimpleNamespace(block_size=args.block_size, batch_size=args.batch_size, steps=args.steps, max_lr=args.lr,
                          min_lr=args.min_lr, warmup=args.warmup, weight_decay=args.weight_decay, grad_clip=1.0,
                          val_fraction=0.1, seed=args.seed)

    # The demo's repeated rows go into the batches their train() draws, not into the estimates.
    their_get_batch = mine.get_batch
    rows = torch.Generator().manual_seed(args.seed + 2)
    measuring = [False]

    def get_batch(*a, **k):
        x, y = their_get_batch(*a, **k)
        if args.repeat_frac and not measuring[0]:
            x, y = repeat_rows(x.clone(), y.clone(), args.repeat_frac, len(vocab), rows)
        return x, y
    mine.get_batch = get_batch

    def estimate(iters):
        measuring[0] = True
        try:
            return run_learner(mine.estimate_loss, path, "estimate_loss", model, splits, args.block_size,
                               args.batch_size, iters, seed=args.seed + 1)
        finally:
            measuring[0] = False

    live.emit("start", step=0, steps=args.steps, params=model.num_params(), config=asdict(config), preset=args.preset,
              data=str(args.data), data_chars=len(text), vocab_size=len(vocab), resumed=False, mine=True)
    probe_len = args.block_size // 2
    tokens_per_step = args.batch_size * args.block_size
    state = {"losses": estimate(args.eval_iters), "recent": [], "sample": "", "history": [], "lr": None}
    t0, cpu0 = time.time(), time.process_time()

    def stats(step):
        return {"steps": step, "seconds": round(time.time() - t0, 1), "cpu_seconds": round(time.process_time() - cpu0, 1),
                "train_loss": state["losses"]["train"], "val_loss": state["losses"]["val"], "params": model.num_params(),
                "data_sha256": "", "data_chars": len(text), "threads": args.threads, "device": "cpu",
                "torch": torch.__version__, "train_loop": str(path)}

    def save(step):
        ckpt = {"model": {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}, "config": asdict(config),
                "chars": vocab.chars, "args": {k: v for k, v in vars(args).items()}, "stats": stats(step),
                "sample": state["sample"], "step": step, "mine": True}
        tmp = out / (CKPT + ".tmp")
        torch.save(ckpt, tmp)
        tmp.replace(out / CKPT)  # never a half-written checkpoint, whenever Stop comes
        return out / CKPT

    def event_at(step, loss=None):
        last = step == args.steps
        event = {"step": step}
        if step % args.eval_interval == 0 or last:
            state["losses"] = estimate(args.final_eval_iters if last else args.eval_iters)
            event["val_loss"] = round(state["losses"]["val"], 4)
            log(f"step {step:5d}  train {state['losses']['train']:.4f}  val {state['losses']['val']:.4f}  "
                f"{time.time() - t0:7.1f} s")
        if step % args.heads_interval == 0 or last:
            event["heads"] = head_scores(model, len(vocab), probe_len, seed=args.seed)
        if (step % args.sample_interval == 0 and step > 0) or last:
            state["sample"] = make_sample(model, vocab, args, 200, "cpu")
            event["sample"] = state["sample"]
        if len(event) > 1 or step % args.log_interval == 0:
            recent = state["recent"]
            elapsed = time.time() - t0
            event["train_loss"] = round(sum(recent) / len(recent), 4) if recent else round(state["losses"]["train"], 4)
            event["tokens_per_s"] = round(step * tokens_per_step / elapsed) if step and elapsed > 0 else 0
            event["eta_s"] = round((args.steps - step) * elapsed / step, 1) if step else None
            if state["lr"] is not None:
                event["lr"] = float(f"{state['lr']:.6g}")
            state["recent"] = []
            state["history"].append(event)
            live.emit("step", **event)
        if step > 0 and step % args.ckpt_interval == 0 and not last:
            live.emit("ckpt", step=step, path=str(save(step)))

    def on_step(step, loss, lr):
        # Their step index counts from 0; the curves count steps done, as train.py's do.
        loss = float(loss)
        if not math.isfinite(loss):
            raise LearnerError(f"the loss became {loss} at step {step}: your loop diverged (is the gradient clipped, "
                               "the learning rate scheduled?).")
        state["recent"].append(loss)
        state["lr"] = float(lr)
        done = int(step) + 1
        if done < args.steps:
            event_at(done)

    event_at(0)
    losses = run_learner(mine.train, path, "train", model, data, cfg, on_step=on_step)
    if state["history"][-1]["step"] == 0 and args.steps > 0:
        raise LearnerError("your train() never called on_step(step, loss, lr), so there is nothing to draw; call it "
                           "after every step.")
    if losses is None or len(losses) != args.steps:
        log(f"note: your train() returned {None if losses is None else len(losses)} losses for {args.steps} steps")
    event_at(args.steps)
    state["sample"] = make_sample(model, vocab, args, 500, "cpu")
    p = save(args.steps)
    s = stats(args.steps)
    live.emit("done", step=args.steps, ckpt=str(p), train_loss=s["train_loss"], val_loss=s["val_loss"], seconds=s["seconds"])
    log(f"your loop trained {args.steps} steps in {s['seconds'] / 60:.1f} min; wrote {p}")


if __name__ == "__main__":
    main()
