"""train.py as the editor's training view runs it: --live lines, checkpoints, --resume, bad data, and
the demo preset's induction phase change. Run: /usr/bin/python3 -m pytest training/ (about a minute
on two cores; scripts/test.d/42-training.sh)."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from live import parse_line  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# Small and fast: enough to check the protocol, not to learn anything.
TINY = ["--n-layer", "1", "--n-head", "2", "--n-embd", "32", "--block-size", "32", "--batch-size", "8",
        "--eval-iters", "2", "--final-eval-iters", "2", "--eval-interval", "10", "--log-interval", "5",
        "--heads-interval", "10", "--sample-interval", "10", "--ckpt-interval", "10", "--threads", "1"]


@pytest.fixture(scope="module")
def text_file(tmp_path_factory):
    # The course's own lesson texts: shipped with the repository, so no ../shared is needed.
    p = tmp_path_factory.mktemp("data") / "lessons.txt"
    p.write_text("".join(f.read_text(encoding="utf-8") for f in sorted((REPO / "curriculum" / "lessons").glob("*.md"))),
                 encoding="utf-8")
    return p


def train_cmd(*args):
    return [sys.executable, str(HERE / "train.py"), *args]


def run_train(*args, env=None):
    r = subprocess.run(train_cmd(*args), capture_output=True, text=True, timeout=300,
                       env={**os.environ, **(env or {})})
    return r, [e for e in (parse_line(line) for line in r.stdout.splitlines()) if e is not None]


def test_live_lines_parse_and_carry_the_view_fields(text_file, tmp_path):
    r, events = run_train("--data", str(text_file), "--out", str(tmp_path), "--live", "--steps", "20", *TINY)
    assert r.returncode == 0, r.stderr
    # Every stdout line is an event: people's progress goes to stderr under --live.
    assert all(line.startswith("LLMSTUDY_TRAIN ") for line in r.stdout.splitlines())
    kinds = [e["kind"] for e in events]
    assert kinds[0] == "start" and kinds[-1] == "done"
    steps = [e for e in events if e["kind"] == "step"]
    assert [e["step"] for e in steps] == [0, 5, 10, 15, 20]
    for e in steps:
        assert isinstance(e["train_loss"], float) and e["tokens_per_s"] >= 0 and "eta_s" in e
    assert steps[-1]["eta_s"] == 0
    heads = steps[0]["heads"]
    assert len(heads["prev_token"]) == 1 and len(heads["prev_token"][0]) == 2 and len(heads["induction"][0]) == 2
    assert "val_loss" in steps[2] and "sample" in steps[2]
    assert (tmp_path / "ckpt.pt").is_file() and not (tmp_path / "ckpt.pt.tmp").exists()


def test_resume_after_a_kill_continues_the_same_steps_and_curve(text_file, tmp_path):
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    r, ref = run_train("--data", str(text_file), "--out", str(whole), "--live", "--steps", "30", *TINY)
    assert r.returncode == 0, r.stderr
    # Killed as Stop kills it (SIGKILL to the group), right after the checkpoint of step 20.
    p = subprocess.Popen(train_cmd("--data", str(text_file), "--out", str(killed), "--live", "--steps", "30", *TINY),
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    for line in p.stdout:
        e = parse_line(line)
        if e and e["kind"] == "ckpt" and e["step"] == 20:
            os.killpg(p.pid, signal.SIGKILL)
            break
    p.wait(timeout=60)
    r, resumed = run_train("--out", str(killed), "--live", "--resume", *TINY)
    assert r.returncode == 0, r.stderr
    assert resumed[0]["kind"] == "start" and resumed[0]["step"] == 20 and resumed[0]["resumed"] is True
    steps = [e for e in resumed if e["kind"] == "step"]
    assert [e["step"] for e in steps if e.get("replay")] == [0, 5, 10, 15, 20]
    assert [e["step"] for e in steps if not e.get("replay")] == [25, 30]
    # The same curve as the run that was never stopped, to the printed digit.
    strip = lambda es: [(e["step"], e["train_loss"], e.get("val_loss")) for e in es if e["kind"] == "step"]  # noqa: E731
    assert strip(resumed) == strip(ref)
    assert resumed[-1]["val_loss"] == ref[-1]["val_loss"]


def test_resume_without_a_checkpoint_says_so(tmp_path):
    r, events = run_train("--out", str(tmp_path), "--live", "--resume", *TINY)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert events[-1]["kind"] == "error" and "nothing to resume" in events[-1]["message"]


@pytest.mark.parametrize("name,content,message", [
    ("empty.txt", b"", "data file is empty"),
    ("blank.txt", b"\n \n", "data file is empty"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary, not text"),
    ("latin1.txt", "caf\u00e9 na\u00efve ".encode("latin-1") * 200, "not UTF-8 text"),
    ("short.txt", b"hello world\n", "too short"),
])
def test_bad_data_files_give_a_clear_error(tmp_path, name, content, message):
    f = tmp_path / name
    f.write_bytes(content)
    r, events = run_train("--data", str(f), "--out", str(tmp_path / "out"), "--live", "--steps", "5", *TINY)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr, r.stderr
    assert events and events[-1]["kind"] == "error", r.stdout
    assert message in events[-1]["message"] and str(f) in events[-1]["message"]
    assert not (tmp_path / "out" / "ckpt.pt").exists()


def test_utf8_text_with_any_characters_trains(tmp_path):
    f = tmp_path / "poem.txt"
    f.write_text("Ünïcödé ✓ — 日本語のテキスト, emoji 🙂.\n" * 40, encoding="utf-8")
    r, events = run_train("--data", str(f), "--out", str(tmp_path / "out"), "--live", "--steps", "5", *TINY)
    assert r.returncode == 0, r.stderr
    assert events[0]["vocab_size"] == len(set(f.read_text(encoding="utf-8")))


def test_a_loss_that_becomes_nan_stops_the_run_instead_of_drawing_it(text_file, tmp_path):
    # A learning rate far too high: the weights overflow within a few steps.
    r, events = run_train("--data", str(text_file), "--out", str(tmp_path), "--live", "--steps", "40",
                          *TINY, "--lr", "1e20", "--warmup", "1")
    assert r.returncode != 0 and "Traceback" not in r.stderr, r.stderr
    assert events[-1]["kind"] == "error" and "lower --lr" in events[-1]["message"], events[-1]
    assert not (tmp_path / "ckpt.pt").exists()


def test_a_model_of_a_text_without_capitals_exports_for_the_playground(tmp_path):
    # names.txt has no capitals: export.py's Shakespeare prompts raised KeyError: 'R' on its vocabulary.
    f = tmp_path / "names.txt"
    f.write_text("\n".join(["emma", "olivia", "ava", "isabella", "sophia", "mia", "charlotte", "amelia"] * 60) + "\n",
                 encoding="utf-8")
    r, _ = run_train("--data", str(f), "--out", str(tmp_path / "run"), "--live", "--steps", "3", *TINY)
    assert r.returncode == 0, r.stderr
    e = subprocess.run([sys.executable, str(HERE / "export.py"), "--ckpt", str(tmp_path / "run" / "ckpt.pt"),
                        "--out", str(tmp_path / "export"), "--greedy-tokens", "20"], capture_output=True, text=True, timeout=300)
    assert e.returncode == 0, e.stderr[-2000:]
    for name in ("model.onnx", "model_kv.onnx", "weights.npz", "vocab.json", "golden.json", "MODEL_CARD.md"):
        assert (tmp_path / "export" / name).is_file(), name


@pytest.mark.parametrize("shape", [["--n-layer", "2", "--n-head", "4", "--block-size", "64"],
                                   ["--n-layer", "1", "--n-head", "2", "--block-size", "32"]],
                         ids=["2 layers and 4 heads like the demo", "1 layer, a 32-token context"])
def test_a_smaller_model_of_a_text_with_every_prompt_character_exports_its_intervention_graph(text_file, tmp_path, shape):
    # The golden interventions named layers 2 and 3 and 64-token texts: a 2-layer demo run's export
    # failed with "IndexError: index 2 is out of bounds for dimension 0 with size 2".
    r, _ = run_train("--data", str(text_file), "--out", str(tmp_path / "run"), "--live", "--steps", "3", *TINY, *shape)
    assert r.returncode == 0, r.stderr[-2000:]
    e = subprocess.run([sys.executable, str(HERE / "export.py"), "--ckpt", str(tmp_path / "run" / "ckpt.pt"),
                        "--out", str(tmp_path / "export"), "--greedy-tokens", "20"], capture_output=True, text=True, timeout=300)
    assert e.returncode == 0, e.stderr[-2000:]
    golden = json.loads((tmp_path / "export" / "golden_interp.json").read_text(encoding="utf-8"))
    n_layer, n_head = int(shape[1]), int(shape[3])
    for case in golden["cases"]:
        for h in case.get("heads", []):
            assert 0 <= h["layer"] < n_layer and 0 <= h["head"] < n_head, (case["name"], h)
        for x in case.get("resid", []) + case.get("add", []):
            assert 0 <= x["layer"] <= n_layer, (case["name"], x)
    assert (tmp_path / "export" / "model_interp.onnx").is_file()


SHAKESPEARE = REPO.parent / "shared" / "data" / "tinyshakespeare.txt"


@pytest.mark.skipif(os.environ.get("LLMSTUDY_TRAIN_SLOW") != "1" or not SHAKESPEARE.is_file(),
                    reason="the full demo preset (~2,000 steps, many minutes on 2 cores); LLMSTUDY_TRAIN_SLOW=1 runs it")
def test_the_demo_preset_shows_the_induction_phase_change(tmp_path):
    r, events = run_train("--preset", "demo", "--data", str(SHAKESPEARE), "--out", str(tmp_path), "--live", "--threads", "2")
    assert r.returncode == 0, r.stderr[-2000:]
    best = [(e["step"], max(max(row) for row in e["heads"]["induction"])) for e in events if e["kind"] == "step" and "heads" in e]
    assert best[0][1] < 0.1, best[:3]
    assert max(b for _, b in best) > 0.5, best


class _Writes:
    """A stream that records each write() call."""

    def __init__(self):
        self.calls = []

    def write(self, s):
        self.calls.append(s)

    def flush(self):
        pass


def test_an_event_line_is_one_write_with_its_newline(monkeypatch):
    # Ranks of a distributed run share one stdout: with unbuffered output, print()'s separate write
    # of the newline let another rank's line land inside an event line (test_ddp, "Extra data").
    from live import LiveLog
    out, err = _Writes(), _Writes()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    LiveLog(True).emit("step", step=3, loss=1.5)
    LiveLog(True).say("for people")
    LiveLog(False).say("by hand")
    assert len(out.calls) == 2 and all(c.endswith("\n") and c.count("\n") == 1 for c in out.calls), out.calls
    assert parse_line(out.calls[0]) == {"kind": "step", "step": 3, "loss": 1.5}
    assert out.calls[1] == "by hand\n"
    assert err.calls == ["for people\n"]
