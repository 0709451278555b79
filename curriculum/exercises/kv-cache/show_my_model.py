"""Show My Model for the kv-cache exercise: the next-token distribution of the learner's cached decode.

Run by LLM Study from the extension's folder (never copied to the learner's). The prompt's first
half goes in as one prefill, the rest one token at a time through the learner's cache, and the
distribution after the last token is what the playground sets beside its own model's. Prints one
line `LLMSTUDY_MODEL {json}` (src/shared/protocols/playground.ts, OwnResult 'cached-next').

    python show_my_model.py --exercise-dir DIR --module kv_cache --function forward_with_cache \
        --model-dir MODEL --prompt TEXT
"""
import argparse
import importlib.util
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def driver():
    """media/exercises/show_my_model.py, by path: its module name is this file's own."""
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
    ap.add_argument("--prompt", required=True)
    a = ap.parse_args()
    d = driver()
    params, chars, n_head, _ = d.load_model(a.model_dir)
    stoi = {c: i for i, c in enumerate(chars)}
    block = params["wpe.weight"].shape[0]
    prompt = ("".join(c for c in a.prompt if c in stoi) or chars[0])[-block:]
    ids = [stoi[c] for c in prompt]
    prefill = max(1, len(ids) // 2)
    out = {"kind": "cached-next", "prompt": prompt, "tokens": list(prompt), "prefill": prefill}

    def run():  # the learner's code; report() turns what it raises into the panel's message
        mod = d.learner_module(a.exercise_dir, a.module)
        step = getattr(mod, a.function)
        cache = mod.new_cache(params, n_head)
        logits = step(ids[:prefill], params, n_head, cache)
        for t in ids[prefill:]:
            logits = step([t], params, n_head, cache)
        last = np.asarray(logits, dtype=np.float64)
        if last.ndim != 2 or last.shape[1] != len(chars):
            out["error"] = "{} returned shape {}; the logits of the new tokens are [n_new, {}]".format(a.function, tuple(last.shape), len(chars))
        elif not np.isfinite(last[-1]).all():
            out["error"] = "your logits after the last token are not all finite numbers (nan or inf)"
        else:
            p = d.softmax(last[-1])
            out["probs"] = np.round(p, 7).tolist()
            out["top"] = d.top(last[-1], chars)

    d.report(out, run)


if __name__ == "__main__":
    main()
