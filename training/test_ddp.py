"""train.py under torchrun: two processes with gloo on this machine train the same model as one
process with the same global batch. Run: /usr/bin/python3 -m pytest training/test_ddp.py (about
20 s on two cores; scripts/test.d/42-training.sh).

Why the two agree: the global batch (--batch-size 8) is cut into two data streams, each drawn by its
own generator. Two ranks take one stream each; one process with --grad-accum 2 takes both in turn.
The batches are the same, the per-rank losses are halves of the same mean, and DDP's average of two
gradients is the accumulated sum of two halved ones. Division by 2 is exact in binary floating point,
so on one thread each the only possible difference is the order of float additions inside gloo's
all-reduce; we allow 1e-4 on each printed step loss (loss.csv keeps 4 decimals) and 1e-5 on every
final weight. Measured here: identical to the last digit.
"""

import csv
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from live import parse_line  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TINY = ["--n-layer", "1", "--n-head", "2", "--n-embd", "32", "--block-size", "32", "--batch-size", "8",
        "--eval-iters", "2", "--final-eval-iters", "2", "--eval-interval", "10", "--log-interval", "2",
        "--heads-interval", "10", "--sample-interval", "10", "--ckpt-interval", "5", "--threads", "1", "--steps", "12", "--warmup", "2"]

# torchrun of PyTorch 1.13 on Python >= 3.11 fails before it starts a worker: Std.from_str("0")
# iterates an IntFlag, which no longer yields the zero member, and returns None (fixed in PyTorch 2).
# The launcher below is `python -m torch.distributed.run` with that one function mended when broken.
LAUNCH = """
import re, sys
import torch.distributed.elastic.multiprocessing.api as api
if api.Std.from_str("0") is None:
    orig = api.Std.from_str.__func__
    api.Std.from_str = classmethod(lambda cls, vm: cls(int(vm)) if re.match(api._VALUE_REGEX, vm) else orig(cls, vm))
from torch.distributed.run import main
sys.argv[0] = "torchrun"
main()
"""

pytestmark = pytest.mark.skipif(
    not (torch.distributed.is_available() and torch.distributed.is_gloo_available()),
    reason="this PyTorch build has no torch.distributed with gloo, so train.py cannot run under torchrun here")


@pytest.fixture(scope="module")
def text_file(tmp_path_factory):
    p = tmp_path_factory.mktemp("data") / "lessons.txt"
    p.write_text("".join(f.read_text(encoding="utf-8") for f in sorted((REPO / "curriculum" / "lessons").glob("*.md"))),
                 encoding="utf-8")
    return p


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env1():
    # One thread per process: the two ranks share two cores, and threads would change summation order.
    return {**os.environ, "OMP_NUM_THREADS": "1"}


def torchrun(nproc, *args):
    cmd = [sys.executable, "-c", LAUNCH, f"--nproc_per_node={nproc}", "--master_addr=127.0.0.1",
           f"--master_port={free_port()}", str(HERE / "train.py"), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env1())


def single(*args):
    return subprocess.run([sys.executable, str(HERE / "train.py"), *args], capture_output=True, text=True,
                          timeout=120, env=env1())


def step_losses(out):
    with open(out / "loss.csv", newline="") as f:
        return [(int(r["step"]), float(r["loss"])) for r in csv.DictReader(f) if r["loss"]]


@pytest.fixture(scope="module")
def runs(text_file, tmp_path_factory):
    base = tmp_path_factory.mktemp("runs")
    two, one = base / "two", base / "one"
    r2 = torchrun(2, "--data", str(text_file), "--out", str(two), "--live", *TINY)
    assert r2.returncode == 0, (r2.stdout[-2000:], r2.stderr[-4000:])
    r1 = single("--data", str(text_file), "--out", str(one), "--live", "--grad-accum", "2", *TINY)
    assert r1.returncode == 0, r1.stderr[-4000:]
    return {"two": (two, r2), "one": (one, r1)}


def test_two_gloo_processes_give_the_loss_curve_of_one_with_the_same_global_batch(runs):
    two, one = runs["two"][0], runs["one"][0]
    a, b = step_losses(two), step_losses(one)
    assert [s for s, _ in a] == list(range(12)) and [s for s, _ in b] == list(range(12))
    for (step, la), (_, lb) in zip(a, b):
        assert abs(la - lb) <= 1e-4, (step, la, lb)
    # Learning happened (the curve is not flat), so agreeing is not trivial.
    assert a[-1][1] < a[0][1] - 0.05, a
    wa, wb = torch.load(two / "ckpt.pt")["model"], torch.load(one / "ckpt.pt")["model"]
    assert wa.keys() == wb.keys()
    for k in wa:
        assert torch.allclose(wa[k], wb[k], rtol=0, atol=1e-5), k


def test_only_rank_zero_speaks_and_writes(runs):
    two, r2 = runs["two"]
    lines = [line for line in r2.stdout.splitlines() if line.startswith("LLMSTUDY_TRAIN ")]
    starts = [line for line in lines if '"kind":"start"' in line]
    dones = [line for line in lines if '"kind":"done"' in line]
    assert len(starts) == 1 and len(dones) == 1, r2.stdout[-2000:]
    step_lines = [line for line in lines if '"kind":"step"' in line]
    assert len(step_lines) == len({line.split('"step":')[1].split(",")[0] for line in step_lines})
    ckpt = torch.load(two / "ckpt.pt")
    assert ckpt["stats"]["processes"] == 2
    # Both ranks' generators are in the checkpoint (gathered to rank 0), so either could resume.
    assert len(ckpt["resume"]["batch_gens"]) == 2
    assert not (two / "ckpt.pt.tmp").exists()


def test_resuming_two_streams_on_one_process_says_how_to_resume(runs, tmp_path):
    two = runs["two"][0]
    r = single("--out", str(two), "--live", "--resume", "--threads", "1")
    assert r.returncode != 0 and "Traceback" not in r.stderr, r.stderr[-2000:]
    assert "2 data stream(s)" in r.stdout and "same number of processes" in r.stdout, r.stdout[-1000:]


def test_a_two_process_run_killed_after_a_checkpoint_resumes_on_two_to_the_same_curve(runs, text_file, tmp_path):
    # Killed as Stop kills a run (SIGKILL to the launcher's group) right after the checkpoint of step 10;
    # both ranks' generators were gathered into it, so the resumed ranks draw what they would have drawn.
    killed = tmp_path / "killed"
    cmd = [sys.executable, "-c", LAUNCH, "--nproc_per_node=2", "--master_addr=127.0.0.1", f"--master_port={free_port()}",
           str(HERE / "train.py"), "--data", str(text_file), "--out", str(killed), "--live", *TINY]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env1(), start_new_session=True)
    try:
        for line in p.stdout:
            e = parse_line(line)
            if e and e["kind"] == "ckpt" and e["step"] == 10:
                break
    finally:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait(timeout=60)
    r = torchrun(2, "--out", str(killed), "--live", "--resume", "--threads", "1")
    assert r.returncode == 0, r.stderr[-4000:]
    assert step_losses(killed) == step_losses(runs["two"][0])
    wa, wb = torch.load(killed / "ckpt.pt")["model"], torch.load(runs["two"][0] / "ckpt.pt")["model"]
    assert all(torch.equal(wa[k], wb[k]) for k in wa)
