"""Train the tiny GPT on tiny Shakespeare.

    /usr/bin/python3 training/train.py               # the shipped model (see MODEL_CARD.md)
    /usr/bin/python3 training/train.py --steps 20 --max-chars 50000 --out /tmp/smoke

Writes <out>/ckpt.pt (weights, config, vocabulary, losses), <out>/loss.csv and <out>/sample.txt.
A fixed seed and thread count (2), so a rerun on the same machine gives the same weights bit for bit.
A quarter of the training rows are a random run repeated (data.repeat_rows): that is what
gives the model induction heads for the playground to show.
"""

import argparse
import csv
import math
import time
from dataclasses import asdict
from pathlib import Path

import torch

from data import CharVocab, get_batch, load_text, repeat_rows, split
from model import GPT, GPTConfig

HERE = Path(__file__).resolve().parent


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
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
    return p.parse_args(argv)


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


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    text, path, digest = load_text(args.data)
    if args.max_chars:
        text = text[: args.max_chars]
    vocab = CharVocab.from_text(text)
    train_data, val_data = split(text, vocab)
    splits = {"train": train_data, "val": val_data}
    print(f"data: {path} ({len(text):,} characters, {len(vocab)} distinct)")

    config = GPTConfig(block_size=args.block_size, vocab_size=len(vocab), n_layer=args.n_layer,
                       n_head=args.n_head, n_embd=args.n_embd, dropout=args.dropout)
    model = GPT(config).to(args.device)
    print(f"model: {model.num_params():,} parameters, {asdict(config)}")
    optimizer = make_optimizer(model, args)
    batch_gen = torch.Generator().manual_seed(args.seed)

    log_rows = []
    t0, cpu0 = time.time(), time.process_time()
    for step in range(args.steps + 1):
        if step % args.eval_interval == 0 or step == args.steps:
            iters = args.final_eval_iters if step == args.steps else args.eval_iters
            losses = estimate_loss(model, splits, args, iters)
            log_rows.append({"step": step, "lr": "", "loss": "", "train_loss": f"{losses['train']:.4f}",
                             "val_loss": f"{losses['val']:.4f}"})
            print(f"step {step:5d}  train {losses['train']:.4f}  val {losses['val']:.4f}  "
                  f"{time.time() - t0:7.1f} s", flush=True)
        if step == args.steps:
            break
        lr = lr_at(step, args)
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = get_batch(train_data, args.block_size, args.batch_size, batch_gen)
        if args.repeat_frac:
            x, y = repeat_rows(x, y, args.repeat_frac, len(vocab), batch_gen)
        _, loss = model(x.to(args.device), y.to(args.device))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        log_rows.append({"step": step, "lr": f"{lr:.6g}", "loss": f"{loss.item():.4f}", "train_loss": "", "val_loss": ""})
    seconds, cpu_seconds = time.time() - t0, time.process_time() - cpu0

    with open(out / "loss.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["step", "lr", "loss", "train_loss", "val_loss"])
        w.writeheader()
        w.writerows(log_rows)

    model.eval().to("cpu")  # the sample's generator lives on the CPU, wherever training ran
    g = torch.Generator().manual_seed(args.seed)
    start = torch.tensor([vocab.encode("\n")])
    sample = vocab.decode(model.generate(start, 500, temperature=0.8, generator=g)[0].tolist()[1:])
    (out / "sample.txt").write_text(sample + "\n", encoding="utf-8")
    print("sample (temperature 0.8):\n" + sample)

    stats = {"steps": args.steps, "seconds": round(seconds, 1), "cpu_seconds": round(cpu_seconds, 1), "train_loss": losses["train"],
             "val_loss": losses["val"], "params": model.num_params(), "data_sha256": digest,
             "data_chars": len(text), "threads": args.threads, "device": args.device,
             "torch": torch.__version__}
    ckpt = {"model": {k: v.cpu() for k, v in model.state_dict().items()}, "config": asdict(config),
            "chars": vocab.chars, "args": vars(args), "stats": stats, "sample": sample}
    torch.save(ckpt, out / "ckpt.pt")
    print(f"trained {args.steps} steps in {seconds / 60:.1f} min; wrote {out / 'ckpt.pt'}")


if __name__ == "__main__":
    main()
