"""Show My Model for the patching exercise: the learner's head-patching heatmap on the tiny GPT.

Run by LLM Study from the extension's folder (never copied to the learner's). Prints one line
`LLMSTUDY_MODEL {json}` (src/shared/protocols/playground.ts, OwnResult 'head-patching'). The
playground computes the model's own heatmap for the same prompts and sets the two side by side.

    python show_my_model.py --exercise-dir DIR --module patching --function patch_heads \
        --model-dir MODEL --clean TEXT --corrupted TEXT --good C --bad C
"""
import argparse
import importlib.util
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def driver():
    """media/exercises/show_my_model.py (model loading, the learner's error messages), by path:
    its module name is this file's own, so a plain import would find this file."""
    path = os.path.join(HERE, "..", "..", "..", "media", "exercises", "show_my_model.py")
    spec = importlib.util.spec_from_file_location("llmstudy_smm_driver", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exercise-dir", required=True)
    ap.add_argument("--module", required=True)
    ap.add_argument("--function", required=True)
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--clean", required=True)
    ap.add_argument("--corrupted", required=True)
    ap.add_argument("--good", required=True)
    ap.add_argument("--bad", required=True)
    a = ap.parse_args()
    d = driver()
    params, chars, n_head, n_layer = d.load_model(a.model_dir)
    stoi = {c: i for i, c in enumerate(chars)}
    out = {"kind": "head-patching", "clean": a.clean, "corrupted": a.corrupted, "good": a.good, "bad": a.bad,
           "nLayer": n_layer, "nHead": n_head}
    unknown = sorted({c for c in a.clean + a.corrupted + a.good + a.bad if c not in stoi})
    if unknown or len(a.clean) != len(a.corrupted) or len(a.good) != 1 or len(a.bad) != 1:
        out["error"] = ("the model has no character {}".format(json.dumps("".join(unknown))) if unknown else
                        "the clean and corrupted prompts need the same length and one answer character each")
        sys.stdout.write(d.PREFIX + json.dumps(out) + "\n")
        return
    clean, corrupted = [stoi[c] for c in a.clean], [stoi[c] for c in a.corrupted]

    def run():  # the learner's code; report() turns what it raises into the panel's message
        mod = d.learner_module(a.exercise_dir, a.module)
        mine = np.asarray(getattr(mod, a.function)(clean, corrupted, params, n_head, stoi[a.good], stoi[a.bad]), dtype=np.float64)
        if mine.shape != (n_layer, n_head):
            out["error"] = "{} returned shape {}; one score per head is ({}, {})".format(a.function, tuple(mine.shape), n_layer, n_head)
        else:
            out["mine"] = np.round(np.nan_to_num(mine, nan=0.0, posinf=1e6, neginf=-1e6), 6).tolist()
            if not np.isfinite(mine).all():
                out["error"] = "some of your scores are not finite numbers (nan or inf); they are shown as 0"
        try:  # the two unpatched metrics, from the learner's own functions, when they are written
            lc, _ = mod.run_with_cache(clean, params, n_head)
            lx, _ = mod.run_with_cache(corrupted, params, n_head)
            out["cleanMetric"] = float(mod.logit_diff(lc, stoi[a.good], stoi[a.bad]))
            out["corruptedMetric"] = float(mod.logit_diff(lx, stoi[a.good], stoi[a.bad]))
        except Exception:  # noqa: BLE001 - optional extra; the heatmap is what counts
            pass

    d.report(out, run)


if __name__ == "__main__":
    main()
