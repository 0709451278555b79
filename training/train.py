"""Train the tiny GPT on tiny Shakespeare.

    /usr/bin/python3 training/train.py               # the shipped model (see MODEL_CARD.md)
    /usr/bin/python3 training/train.py --steps 20 --max-chars 50000 --out /tmp/smoke

Writes <out>/ckpt.pt (weights, config, vocabulary, losses), <out>/loss.csv and <out>/sample.txt.
A fixed seed and thread count (2), so a rerun on the same machine gives the same weights bit for bit.
A quarter of the training rows are a random run repeated (data.repeat_rows): that is what
gives the model induction heads for the playground to show.

For the editor's training view (src/training/):
    train.py --preset demo --data names.txt --out DIR --live     # 2 layers, the phase change in minutes
    train.py --out DIR --live --resume                           # on from DIR/ckpt.pt, same curves
--live prints one `LLMSTUDY_TRAIN {json}` line per event on stdout (see live.py); --out also gets a
checkpoint every --ckpt-interval steps holding the optimizer, the batch generators and the history
of events, so a resumed run continues the same step count and the same curves.

On more than one process, unchanged (the nanoGPT way; gloo on the CPU, NCCL with --device cuda):
    torchrun --nproc_per_node=2 training/train.py --steps 20 --out /tmp/ddp
The global batch stays --batch-size: it is cut into "data streams", world size x (--grad-accum
rounded up to a multiple of it), each micro-batch drawn by its own generator (seed + 1000 k). A rank
takes its share of the streams, DistributedDataParallel averages the gradients, and only rank 0
prints or writes files. One process with --grad-accum 2 draws the very same batches as two ranks, so
their loss curves agree (training/test_ddp.py); a plain single-process run (one stream, the seed
itself) is unchanged, bit for bit.
"""

import argparse
import csv
import hashlib
import math
import os
import time
from contextlib import nullcontext as _nullcontext
from dataclasses import asdict
from pathlib import Path

import torch
import torch.distributed as dist

from data import DATA_SHA256, CharVocab, find_text, get_batch, read_user_text, repeat_rows, split
from live import LiveLog
from model import GPT, GPTConfig
from probes import head_scores

HERE = Path(__file__).resolve().parent


# Presets set defaults; a flag given on the command line still wins. "shipped" is the model in
# media/model. "demo" has 2 layers and half its rows repeated runs. Measured on tiny Shakespeare, one
# thread on a shared 2-core machine: the best induction score was 0.03 at step 1000, 0.25 at 1400,
# 0.60 at 1500 and 0.81 at 2000 while the batch loss fell from ~3.0 to ~2.2 (the phase change), in
# 362 s for all 2,000 steps (val 1.859). Width 64 formed no induction head in 1,500 steps.
PRESETS = {
    "shipped": {},
    "demo": {"n_layer": 2, "n_head": 4, "n_embd": 128, "block_size": 64, "batch_size": 32, "steps": 2000,
             "repeat_frac": 0.5, "lr": 3e-3, "min_lr": 3e-4, "warmup": 30, "eval_interval": 100,
             "eval_iters": 4, "final_eval_iters": 20, "heads_interval": 50},
}

# The last full demo run (`train.py --preset demo --live --threads 2`, tiny Shakespeare, the shared
# 2-core machine): seconds from the start event to the first head score above 0.5 (step 1350; 0.085
# at 1200, 0.29 at 1300, 0.69 at 1400), and the final validation loss. `npm run bench` reports these
# unless LLMSTUDY_BENCH_TRAIN_FULL=1 measures them anew (scripts/bench/training.ts); update them then.
DEMO_RECORD = {"date": "2026-12-04", "threads": 2, "phase_change_s": 146.8, "phase_change_step": 1350,
               "final_val_loss": 1.8575, "seconds": 214.5}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--preset", choices=sorted(PRESETS), default="shipped")
    p.add_argument("--live", action="store_true", help="one LLMSTUDY_TRAIN {json} line per event on stdout")
    p.add_argument("--resume", action="store_true", help="continue from <out>/ckpt.pt with its settings")
    p.add_argument("--log-interval", type=int, default=10, help="steps between live loss lines")
    p.add_argument("--heads-interval", type=int, default=25, help="steps between head scores (live)")
    p.add_argument("--sample-interval", type=int, default=100, help="steps between samples (live)")
    p.add_argument("--ckpt-interval", type=int, default=100, help="steps between checkpoints")
    p.add_argument("--data", help="text file (default: $LLM_STUDY_DATA, ../shared/data, else download)")
    p.add_argument("--out", default=str(HERE / "out" / "full"))
    p.add_argument("--max-chars", type=int, default=0, help="train on the first N characters only (smoke tests)")
    p.add_argument("--steps", type=int, default=3200)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--block-size", type=int, default=128)
    p.add_argument("--n-layer", type=int, default=4)
    p.add_argument("--n-head", type=int, default=4)
    p.add_argument("--n-embd", type=int, default=128)
    p.add_argument("--dropout", type=float, default=0.0)
    p.add_argument("--repeat-frac", type=float, default=0.25,
                   help="share of training rows that are a random run repeated (see data.repeat_rows); 0 for text only")
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--min-lr", type=float, default=1e-4)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--weight-decay", type=float, default=0.1)
    p.add_argument("--eval-interval", type=int, default=200)
    p.add_argument("--eval-iters", type=int, default=20)
    p.add_argument("--final-eval-iters", type=int, default=100)
    p.add_argument("--seed", type=int, default=1337)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cpu", help="cpu for the shipped model; cuda only to try settings fast")
    p.add_argument("--grad-accum", type=int, default=1,
                   help="micro-batches per step (the global batch stays --batch-size); under torchrun split between the ranks")
    first, _ = p.parse_known_args(argv)
    p.set_defaults(**PRESETS[first.preset])
    args = p.parse_args(argv)
    # The editor's tests shorten any preset without knowing its step count (llmStudy.training.testSteps),
    # and a shortened run still has every kind of event: several losses, head scores, a sample and
    # checkpoints to resume from.
    if os.environ.get("LLMSTUDY_TRAIN_STEPS"):
        args.steps = int(os.environ["LLMSTUDY_TRAIN_STEPS"])
        for name, parts in (("log_interval", 10), ("heads_interval", 6), ("eval_interval", 3), ("sample_interval", 3),
                            ("ckpt_interval", 4)):
            setattr(args, name, min(getattr(args, name), max(1, args.steps // parts)))
    return args


def lr_at(step, args):
    # Linear warmup, then cosine decay to min_lr at the last step (nanoGPT's schedule).
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    progress = (step - args.warmup) / max(1, args.steps - args.warmup)
    return args.min_lr + 0.5 * (1 + math.cos(math.pi * min(1.0, progress))) * (args.lr - args.min_lr)


@torch.no_grad()
def estimate_loss(model, splits, args, iters):
    # Its own generator, reseeded every time: every evaluation scores the same batches, and
    # evaluating does not change the training batches.
    model.eval()
    out = {}
    for name, data in splits.items():
        g = torch.Generator().manual_seed(args.seed + 1)
        losses = []
        for _ in range(iters):
            x, y = get_batch(data, args.block_size, args.batch_size, g)
            _, loss = model(x.to(args.device), y.to(args.device))
            losses.append(loss.item())
        out[name] = sum(losses) / len(losses)
    model.train()
    return out


def make_optimizer(model, args):
    # Weight decay on matrices only; biases, LayerNorm gains and the like stay undecayed.
    params = [p for p in model.parameters() if p.requires_grad]
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    groups = [{"params": decay, "weight_decay": args.weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.99))


CKPT = "ckpt.pt"
# On --resume these come from the command line; everything else from the checkpoint, so the run
# goes on exactly as it started.
RUNTIME_ARGS = ("live", "resume", "out", "threads", "device", "log_interval", "heads_interval",
                "sample_interval", "ckpt_interval")


class Dist:
    """Where this process stands under torchrun (RANK, WORLD_SIZE, LOCAL_RANK set), or one process."""

    def __init__(self):
        self.on = "RANK" in os.environ and int(os.environ.get("WORLD_SIZE", "1")) > 1
        self.rank = int(os.environ.get("RANK", "0")) if self.on else 0
        self.world = int(os.environ.get("WORLD_SIZE", "1")) if self.on else 1
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0")) if self.on else 0
        self.master = self.rank == 0

    def start(self, device):
        if not self.on:
            return device
        if not dist.is_available():
            raise SystemExit("torch.distributed is not available in this PyTorch build; run one process instead.")
        if device.startswith("cuda"):
            device = f"cuda:{self.local_rank}"
            torch.cuda.set_device(device)
        dist.init_process_group(backend="nccl" if device.startswith("cuda") else "gloo")
        return device

    def stop(self):
        if self.on and dist.is_initialized():
            dist.destroy_process_group()


def streams_of(args, world):
    """How many data streams the global batch is cut into, and how many micro-batches each rank runs."""
    n = max(args.grad_accum, 1)
    n = -(-n // world) * world  # a multiple of the world size, so every rank runs as many micro-batches
    if args.batch_size % n:
        raise SystemExit(f"--batch-size {args.batch_size} does not split into {n} equal micro-batches "
                         f"({world} processes x {n // world}); pick a batch size that is a multiple of {n}.")
    return n, n // world


def stream_seed(args, k):
    # Stream 0 is the seed itself, so a one-process run draws what it always drew; the others are far
    # from seed + 1, which estimate_loss uses.
    return args.seed + 1000 * k


def load_data(args, log):
    path = find_text(args.data)
    # A window of block_size + 1 must fit in the validation tenth too.
    text = read_user_text(path, min_chars=10 * (args.block_size + 2))
    if args.max_chars:
        text = text[: args.max_chars]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != DATA_SHA256 and not args.data:
        log(f"note: {path} is not the reference tiny Shakespeare (sha256 {digest[:12]}...)")
    return text, path, digest


def resume_state(args, out):
    ckpt_path = out / CKPT
    if not ckpt_path.is_file():
        raise SystemExit(f"nothing to resume: no checkpoint at {ckpt_path}. Start a run first.")
    ckpt = torch.load(ckpt_path, map_location="cpu")
    if "resume" not in ckpt:
        raise SystemExit(f"{ckpt_path} holds final weights only (an older train.py); it cannot be resumed.")
    saved = {"grad_accum": 1, **ckpt["args"]}  # checkpoints from before --grad-accum had one stream
    for k in RUNTIME_ARGS:
        saved[k] = getattr(args, k)
    if os.environ.get("LLMSTUDY_TRAIN_STEPS"):
        saved["steps"] = args.steps
    return argparse.Namespace(**saved), ckpt


def gen_states(gens, ddp):
    # Every stream's generator state, in stream order, on every rank (each rank holds its own streams).
    mine = [g.get_state() for g in gens]
    if not ddp.on:
        return mine
    every = [None] * ddp.world
    dist.all_gather_object(every, mine)
    return [s for part in every for s in part]


def save_checkpoint(out, model, optimizer, gen_states, config, vocab, args, step, history, rows, stats, sample):
    # "batch_gen" (stream 0) is what a checkpoint of one stream has always held.
    ckpt = {"model": {k: v.cpu() for k, v in model.state_dict().items()}, "config": asdict(config),
            "chars": vocab.chars, "args": vars(args), "stats": stats, "sample": sample, "step": step,
            "resume": {"optimizer": optimizer.state_dict(), "batch_gen": gen_states[0], "batch_gens": gen_states,
                       "history": history, "rows": rows}}
    # Written beside and renamed: Stop kills the process at any moment, and a half-written ckpt.pt
    # would lose the whole run instead of the last few steps.
    tmp = out / (CKPT + ".tmp")
    torch.save(ckpt, tmp)
    os.replace(tmp, out / CKPT)
    return out / CKPT


def main(argv=None):
    args = parse_args(argv)
    ddp = Dist()
    live = LiveLog(args.live and ddp.master)  # one voice: the other ranks print nothing
    try:
        train(args, live, ddp)
    except SystemExit as e:
        if isinstance(e.code, str):
            live.emit("error", message=e.code)
        raise
    finally:
        ddp.stop()


def train(args, live, ddp=None):
    ddp = ddp or Dist()
    out = Path(args.out)
    if ddp.master:
        out.mkdir(parents=True, exist_ok=True)
    ckpt = None
    if args.resume:
        args, ckpt = resume_state(args, out)
    args.device = ddp.start(args.device)
    n_streams, n_micro = streams_of(args, ddp.world)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    # Only rank 0 speaks: the ranks share one stdout, and another rank's line landing inside rank 0's
    # event line broke it for the view (test_ddp: "Extra data" after a step event).
    log = live.say if ddp.master else (lambda _text: None)

    text, path, digest = load_data(args, log)
    if ckpt is not None and digest != ckpt["stats"]["data_sha256"]:
        raise SystemExit(f"{path} changed since the checkpoint was written (sha256 {digest[:12]}...); "
                         "resume needs the same text. Start a new run instead.")
    vocab = CharVocab(ckpt["chars"]) if ckpt is not None else CharVocab.from_text(text)
    train_data, val_data = split(text, vocab)
    splits = {"train": train_data, "val": val_data}
    log(f"data: {path} ({len(text):,} characters, {len(vocab)} distinct)")

    config = GPTConfig(block_size=args.block_size, vocab_size=len(vocab), n_layer=args.n_layer,
                       n_head=args.n_head, n_embd=args.n_embd, dropout=args.dropout)
    model = GPT(config).to(args.device)
    optimizer = make_optimizer(model, args)
    # This rank's streams: k = rank * n_micro + j for its j-th micro-batch.
    mine = [ddp.rank * n_micro + j for j in range(n_micro)]
    gens = [torch.Generator().manual_seed(stream_seed(args, k)) for k in mine]
    micro_batch = args.batch_size // n_streams
    start, history, log_rows, sample, before = 0, [], [], "", 0.0
    if ckpt is not None:
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["resume"]["optimizer"])
        saved = ckpt["resume"].get("batch_gens") or [ckpt["resume"]["batch_gen"]]
        if len(saved) != n_streams:
            raise SystemExit(f"{out / CKPT} was written by a run with {len(saved)} data stream(s) and this one has "
                             f"{n_streams} ({ddp.world} processes, --grad-accum {args.grad_accum}); resume with the "
                             "same number of processes, or start a new run.")
        for g, k in zip(gens, mine):
            g.set_state(saved[k])
        start, history, log_rows = ckpt["step"], ckpt["resume"]["history"], ckpt["resume"]["rows"]
        sample, before = ckpt["sample"], ckpt["stats"]["seconds"]
    # Evaluation, head scores and samples use the bare model on rank 0 alone: the wrapper's forward
    # is a collective (it syncs buffers) and would wait for ranks that are not evaluating.
    step_model = model
    if ddp.on:
        # The only buffers are the causal masks, built the same on every rank; they are bool, which
        # gloo cannot broadcast, so DDP leaves them out.
        torch.nn.parallel.DistributedDataParallel._set_params_and_buffers_to_ignore_for_model(
            model, [name for name, _ in model.named_buffers()])
        step_model = torch.nn.parallel.DistributedDataParallel(
            model, device_ids=[ddp.local_rank] if args.device.startswith("cuda") else None, broadcast_buffers=False)
    if ddp.on:
        log(f"distributed: {ddp.world} processes ({dist.get_backend()}), {n_micro} micro-batch(es) of "
            f"{micro_batch} rows each per step, global batch {args.batch_size}")
    log(f"model: {model.num_params():,} parameters, {asdict(config)}")
    live.emit("start", step=start, steps=args.steps, params=model.num_params(), config=asdict(config),
              preset=args.preset, data=str(path), data_chars=len(text), vocab_size=len(vocab), resumed=ckpt is not None)
    for event in history:  # the curves so far, so a resumed view draws the same lines
        live.emit("step", **event, replay=True)

    probe_len = args.block_size // 2
    tokens_per_step = args.batch_size * args.block_size
    recent = []  # batch losses since the last event
    t0, cpu0 = time.time(), time.process_time()
    losses = {"train": float("nan"), "val": float("nan")}
    if ckpt is not None:
        losses = {"train": ckpt["stats"]["train_loss"], "val": ckpt["stats"]["val_loss"]}

    def stats_now(step):
        return {"steps": step, "seconds": round(before + time.time() - t0, 1),
                "cpu_seconds": round(time.process_time() - cpu0, 1), "train_loss": losses["train"],
                "val_loss": losses["val"], "params": model.num_params(), "data_sha256": digest,
                "data_chars": len(text), "threads": args.threads, "device": args.device, "torch": torch.__version__,
                "processes": ddp.world}

    for step in range(start, args.steps + 1):
        last = step == args.steps
        # The checkpoint's own step already had its events before it was saved.
        if ddp.master and not (ckpt is not None and step == start):
            event = {"step": step}
            if step % args.eval_interval == 0 or last:
                iters = args.final_eval_iters if last else args.eval_iters
                losses = estimate_loss(model, splits, args, iters)
                event["val_loss"] = round(losses["val"], 4)
                log_rows.append({"step": step, "lr": "", "loss": "", "train_loss": f"{losses['train']:.4f}",
                                 "val_loss": f"{losses['val']:.4f}"})
                log(f"step {step:5d}  train {losses['train']:.4f}  val {losses['val']:.4f}  "
                    f"{before + time.time() - t0:7.1f} s")
            if args.live and (step % args.heads_interval == 0 or last):
                event["heads"] = head_scores(model, len(vocab), probe_len, seed=args.seed)
            if args.live and ((step % args.sample_interval == 0 and step > 0) or last):
                sample = make_sample(model, vocab, args, 200, args.device)
                event["sample"] = sample
            if len(event) > 1 or step % args.log_interval == 0:
                done = step - start
                elapsed = time.time() - t0
                event["train_loss"] = round(sum(recent) / len(recent), 4) if recent else round(losses["train"], 4)
                event["lr"] = float(f"{lr_at(min(step, args.steps - 1), args):.6g}")
                event["tokens_per_s"] = round(done * tokens_per_step / elapsed) if done and elapsed > 0 else 0
                event["eta_s"] = round((args.steps - step) * elapsed / done, 1) if done else None
                recent = []
                history.append(event)
                live.emit("step", **event)
        if step > start and (step % args.ckpt_interval == 0) and not last:
            states = gen_states(gens, ddp)  # a collective: every rank takes part, rank 0 writes
            if ddp.master:
                p = save_checkpoint(out, model, optimizer, states, config, vocab, args, step, history,
                                    log_rows, stats_now(step), sample)
                live.emit("ckpt", step=step, path=str(p))
        if last:
            break
        lr = lr_at(step, args)
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.zero_grad(set_to_none=True)
        step_loss = torch.zeros((), device=args.device)
        for j, g in enumerate(gens):
            x, y = get_batch(train_data, args.block_size, micro_batch, g)
            if args.repeat_frac:
                x, y = repeat_rows(x, y, args.repeat_frac, len(vocab), g)
            # Gradients are averaged across the ranks only on the last micro-batch (no_sync before it).
            sync = j == n_micro - 1 or not ddp.on
            with (step_model.no_sync() if not sync else _nullcontext()):
                _, loss = step_model(x.to(args.device), y.to(args.device))
                if n_micro > 1:  # the mean over micro-batches; one micro-batch stays exactly as it was
                    loss = loss / n_micro
                loss.backward()
            step_loss += loss.detach()
        if ddp.on:  # every rank gets the global mean, so all of them stop together on a NaN
            dist.all_reduce(step_loss, op=dist.ReduceOp.SUM)
            step_loss /= ddp.world
        step_loss = step_loss.item()
        if not math.isfinite(step_loss):
            # Going on would write NaN weights over the last good checkpoint and draw a curve that lies.
            raise SystemExit(f"the loss became {step_loss} at step {step}; try a lower --lr. "
                             f"The last checkpoint in {out} is untouched.")
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        recent.append(step_loss)
        log_rows.append({"step": step, "lr": f"{lr:.6g}", "loss": f"{step_loss:.4f}", "train_loss": "", "val_loss": ""})

    states = gen_states(gens, ddp)
    if not ddp.master:
        return
    with open(out / "loss.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["step", "lr", "loss", "train_loss", "val_loss"])
        w.writeheader()
        w.writerows(log_rows)

    sample = make_sample(model, vocab, args, 500, "cpu")
    (out / "sample.txt").write_text(sample + "\n", encoding="utf-8")
    log("sample (temperature 0.8):\n" + sample)
    stats = stats_now(args.steps)
    p = save_checkpoint(out, model, optimizer, states, config, vocab, args, args.steps, history, log_rows, stats, sample)
    live.emit("done", step=args.steps, ckpt=str(p), train_loss=losses["train"], val_loss=losses["val"],
              seconds=stats["seconds"])
    log(f"trained {args.steps} steps in {stats['seconds'] / 60:.1f} min; wrote {p}")


def make_sample(model, vocab, args, n, device):
    # Its own generator, seeded the same each time: samples differ only because the weights did.
    was_training = model.training
    model.eval().to(device)  # the sample's generator lives on the CPU, wherever training ran
    g = torch.Generator().manual_seed(args.seed)
    start = torch.tensor([[vocab.stoi.get("\n", 0)]], device=device)
    text = vocab.decode(model.generate(start, n, temperature=0.8, generator=g)[0].tolist()[1:])
    model.train(was_training).to(args.device)
    return text


if __name__ == "__main__":
    main()
