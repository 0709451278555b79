"""train_mine.py, the editor's "Train with my code": the learner's train-loop solution trains the
model and the view gets the same --live lines as from train.py; a missing, unwritten or broken
train_loop.py is said in one line. Also: the exercise's second, differently written solution
passes the exercise's own tests. Run: /usr/bin/python3 -m pytest training/test_train_mine.py"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from live import parse_line  # noqa: E402

HERE = Path(__file__).resolve().parent
EXERCISE = HERE.parent / "curriculum" / "exercises" / "train-loop"
RUNNER = HERE.parent / "curriculum" / "exercises" / "_runner"  # llmstudy_test.py + its package llmstudy_runner/
# The demo preset made small: the protocol is under test here, not learning.
TINY = ["--n-layer", "1", "--n-head", "2", "--n-embd", "32", "--block-size", "32", "--batch-size", "8",
        "--eval-iters", "2", "--final-eval-iters", "2", "--eval-interval", "4", "--log-interval", "2",
        "--heads-interval", "4", "--sample-interval", "6", "--ckpt-interval", "5", "--steps", "12"]


@pytest.fixture(scope="module")
def text_file(tmp_path_factory):
    p = tmp_path_factory.mktemp("data") / "lessons.txt"
    p.write_text("".join(f.read_text(encoding="utf-8") for f in sorted((HERE.parent / "curriculum" / "lessons").glob("*.md")))[:60000],
                 encoding="utf-8")
    return p


def learner(tmp_path, source):
    """A learner's scaffolded train-loop folder holding `source` as train_loop.py."""
    d = tmp_path / "train-loop"
    d.mkdir()
    shutil.copy(EXERCISE / "gpt_model.py", d)
    (d / "train_loop.py").write_text(source, encoding="utf-8")
    return d


def run_mine(folder, text_file, out, *extra):
    env = {k: v for k, v in os.environ.items() if k != "LLMSTUDY_TRAIN_STEPS"}
    r = subprocess.run([sys.executable, str(HERE / "train_mine.py"), "--exercise-dir", str(folder), "--data", str(text_file),
                        "--out", str(out), "--live", "--threads", "1", *TINY, *extra],
                       capture_output=True, text=True, timeout=300, env=env)
    return r, [e for e in (parse_line(line) for line in r.stdout.splitlines()) if e is not None]


def test_the_learners_loop_trains_and_the_view_gets_its_curves(text_file, tmp_path):
    # A learner module that notes each call of its train(), so the test knows their loop ran.
    source = (EXERCISE / "alternative" / "train_loop.py").read_text(encoding="utf-8") + (
        "\n_real_train = train\n\ndef train(model, data, cfg, on_step=None):\n"
        "    open(__file__ + '.called', 'w').write(str(cfg.steps))\n"
        "    return _real_train(model, data, cfg, on_step)\n")
    folder = learner(tmp_path, source)
    out = tmp_path / "run"
    r, events = run_mine(folder, text_file, out)
    assert r.returncode == 0, r.stderr
    assert (folder / "train_loop.py.called").read_text() == "12"
    assert all(line.startswith("LLMSTUDY_TRAIN ") for line in r.stdout.splitlines())
    kinds = [e["kind"] for e in events]
    assert kinds[0] == "start" and kinds[-1] == "done" and "ckpt" in kinds
    assert events[0]["mine"] is True and events[0]["steps"] == 12
    steps = [e for e in events if e["kind"] == "step"]
    assert [e["step"] for e in steps] == sorted({e["step"] for e in steps}) and steps[-1]["step"] == 12
    vals = [e["val_loss"] for e in steps if "val_loss" in e]
    assert len(vals) >= 3 and vals[-1] < vals[0], vals  # their loop lowered the validation loss
    assert any("heads" in e for e in steps) and any("sample" in e for e in steps)
    assert all(e["lr"] > 0 for e in steps if "lr" in e) and any("lr" in e for e in steps)
    assert json.loads((out / "my-code.json").read_text())["exercise_dir"] == str(folder)
    # Export reads it as it reads train.py's checkpoint.
    import torch
    from model import GPT, GPTConfig
    ckpt = torch.load(out / "ckpt.pt", map_location="cpu")
    GPT(GPTConfig(**ckpt["config"])).load_state_dict(ckpt["model"])
    assert ckpt["mine"] is True and ckpt["step"] == 12 and "resume" not in ckpt


@pytest.mark.parametrize("case, source, says", [
    ("stub", None, "your split() is not written yet"),
    ("broken", "import torch\ndef split(d, f=0.1):\n    return d[:10], d[10:]\n"
               "def get_batch(*a):\n    pass\ndef estimate_loss(*a, **k):\n    return {'train': 1.0, 'val': 1.0}\n"
               "def train(model, data, cfg, on_step=None):\n    return 1 / 0\n", "your train() failed: ZeroDivisionError"),
    ("silent", "def split(d, f=0.1):\n    return d[:-100], d[-100:]\ndef get_batch(*a):\n    pass\n"
               "def estimate_loss(*a, **k):\n    return {'train': 1.0, 'val': 1.0}\ndef train(model, data, cfg, on_step=None):\n"
               "    return [1.0] * cfg.steps\n", "never called on_step"),
    ("syntax", "def train(:\n", "could not be loaded: SyntaxError"),
])
def test_an_unfinished_loop_is_said_in_one_line(text_file, tmp_path, case, source, says):
    if source is None:
        source = (EXERCISE / "train_loop.py").read_text(encoding="utf-8")
    r, events = run_mine(learner(tmp_path, source), text_file, tmp_path / "run")
    assert r.returncode != 0
    errors = [e["message"] for e in events if e["kind"] == "error"]
    assert len(errors) == 1 and says in errors[0], (errors, r.stderr[-2000:])
    if case in ("stub", "broken"):
        assert "train_loop.py line" in errors[0]


def test_no_exercise_folder_says_start_the_exercise(text_file, tmp_path):
    r, events = run_mine(tmp_path / "nowhere", text_file, tmp_path / "run")
    assert r.returncode != 0
    assert [e["message"] for e in events if e["kind"] == "error"][0].startswith("no train_loop.py in")


def test_the_second_solution_passes_the_exercise_tests(tmp_path):
    # check:exercises proves the stub, the reference solution and the mutants; this is the other
    # honest style (gathered windows, a module walk for the decay groups, inference mode).
    for f in ("test_train_loop.py", "gpt_model.py"):
        shutil.copy(EXERCISE / f, tmp_path)
    shutil.copy(EXERCISE / "alternative" / "train_loop.py", tmp_path)
    shutil.copy(RUNNER / "llmstudy_test.py", tmp_path)
    shutil.copytree(RUNNER / "llmstudy_runner", tmp_path / "llmstudy_runner", ignore=shutil.ignore_patterns("__pycache__"))
    r = subprocess.run([sys.executable, "llmstudy_test.py", "--format", "human"], cwd=tmp_path, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0 and "0 failed" in r.stdout, r.stdout[-3000:]
