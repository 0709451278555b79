"""Show My Model for the rope exercise: the score of one fixed query-key pair against their offset.

Run by LLM Study from the extension's folder (never copied to the learner's). The same q and k
are placed at several query positions, with the key `offset` positions earlier, and the learner's
rope_scores gives one curve per query position. With RoPE right, the curves lie on top of each
other: the score depends only on the offset. The playground draws them beside its own RoPE.
Prints one line `LLMSTUDY_MODEL {json}` (src/shared/protocols/playground.ts, OwnResult 'rope-scores').

    python show_my_model.py --exercise-dir DIR --module rope --function rope_scores
"""
import argparse
import importlib.util
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
HEAD_DIM = 16
BASE = 10000.0
QUERY_POSITIONS = [32, 200, 1000]
OFFSETS = list(range(0, 65))


def driver():
    """media/exercises/show_my_model.py, by path: its module name is this file's own."""
    path = os.path.join(HERE, "..", "..", "..", "media", "exercises", "show_my_model.py")
    spec = importlib.util.spec_from_file_location("llmstudy_smm_driver", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def pair():
    """A fixed q, k: low frequencies weigh more, so the curve shows a smooth trend and fast wiggles."""
    rng = np.random.default_rng(20240607)
    q, k = rng.normal(size=HEAD_DIM), rng.normal(size=HEAD_DIM)
    return np.round(q, 4), np.round(k, 4)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exercise-dir", required=True)
    ap.add_argument("--module", required=True)
    ap.add_argument("--function", required=True)
    ap.add_argument("--model-dir")  # not needed: RoPE here has no weights
    ap.add_argument("--prompt")
    a = ap.parse_args()
    d = driver()
    q, k = pair()
    out = {"kind": "rope-scores", "headDim": HEAD_DIM, "base": BASE, "q": q.tolist(), "k": k.tolist(),
           "queryPositions": QUERY_POSITIONS, "offsets": OFFSETS}

    def run():  # the learner's code; report() turns what it raises into the panel's message
        fn = getattr(d.learner_module(a.exercise_dir, a.module), a.function)
        rows = []
        for m in QUERY_POSITIONS:
            keys = np.array([m - o for o in OFFSETS], dtype=np.float64)
            s = np.asarray(fn(q[None, :], np.tile(k, (len(OFFSETS), 1)), np.array([float(m)]), keys, BASE), dtype=np.float64)
            if s.shape != (1, len(OFFSETS)):
                raise ValueError("rope_scores returned shape {} for 1 query and {} keys; expected (1, {})".format(tuple(s.shape), len(OFFSETS), len(OFFSETS)))
            rows.append(s[0])
        mine = np.array(rows)
        if not np.isfinite(mine).all():
            out["error"] = "some of your scores are not finite numbers (nan or inf); they are shown as 0"
        out["mine"] = np.round(np.nan_to_num(mine, nan=0.0, posinf=0.0, neginf=0.0), 6).tolist()

    d.report(out, run)


if __name__ == "__main__":
    main()
