"""The tokenizer view's "Your BPE" row: train the learner's bpe.py, then encode one text with it.

Called by LLM Study (Python 3.9+, no numpy needed). Prints one line `LLMSTUDY_BPE {json}`:
{"ids": [...], "pieces": [...], "vocabSize": N} or {"why": "..."} when the learner's code fails.

    python bpe_tokens.py --exercise-dir DIR --train-file LESSON.md --vocab-size 300 \
        --cache CACHE.json --text "hello"

Training runs once per version of bpe.py: the merges are kept in CACHE.json with the file's
mtime and size, the training file and the vocab size, so a new selection only encodes.
"""
import argparse
import json
import os
import sys
import traceback

PREFIX = "LLMSTUDY_BPE "


def say(obj):
    sys.stdout.write(PREFIX + json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def cause(exc):
    """The last line of the traceback, as the learner would read it at the bottom of an error."""
    if isinstance(exc, NotImplementedError):
        return "a function in bpe.py is not implemented yet (NotImplementedError)"
    last = traceback.format_exception_only(type(exc), exc)[-1].strip()
    return last


def cache_key(bpe_file, train_file, vocab_size):
    st = os.stat(bpe_file)
    return {"bpe": [st.st_mtime_ns, st.st_size], "train": os.path.abspath(train_file), "vocabSize": vocab_size}


def load_cached(path, key):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if data.get("key") == key:
            return {(a, b): idx for a, b, idx in data["merges"]}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def save_cached(path, key, merges):
    try:
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"key": key, "merges": [[a, b, idx] for (a, b), idx in merges.items()]}, f)
        os.replace(tmp, path)
    except OSError:
        pass  # no cache: the next call trains again, which is only slower


def check_merges(merges):
    if not isinstance(merges, dict):
        raise TypeError("train() returned %s, not a dict {pair: new_id}" % type(merges).__name__)
    for pair, idx in merges.items():
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(x, int) for x in pair) and isinstance(idx, int)):
            raise TypeError("train() returned an entry %r: %r, not (int, int): int" % (pair, idx))
    return merges


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exercise-dir", required=True)
    ap.add_argument("--train-file", required=True)
    ap.add_argument("--vocab-size", type=int, default=300)
    ap.add_argument("--cache", required=True)
    ap.add_argument("--text", required=True)
    a = ap.parse_args()
    bpe_file = os.path.join(a.exercise_dir, "bpe.py")
    if not os.path.isfile(bpe_file):
        return say({"why": "there is no bpe.py in " + a.exercise_dir})
    sys.path.insert(0, a.exercise_dir)
    sys.dont_write_bytecode = True
    stage = "importing bpe.py"
    try:
        import bpe  # noqa: E402  (the learner's file)

        key = cache_key(bpe_file, a.train_file, a.vocab_size)
        merges = load_cached(a.cache, key)
        if merges is None:
            stage = "train()"
            with open(a.train_file, encoding="utf-8") as f:
                training = f.read()
            merges = check_merges(bpe.train(training, a.vocab_size))
            save_cached(a.cache, key, merges)
        stage = "build_vocab()"
        vocab = bpe.build_vocab(merges)
        stage = "encode()"
        ids = [int(i) for i in bpe.encode(a.text, merges)]
        stage = "decode()"
        # Each id alone: a piece that is only part of a character decodes to U+FFFD, as in the GPT-2 row.
        pieces = [bpe.decode([i], vocab) for i in ids]
    except BaseException as e:  # the learner's code may raise anything, SystemExit included
        if isinstance(e, KeyboardInterrupt):
            raise
        return say({"why": "%s failed: %s" % (stage, cause(e))})
    say({"ids": ids, "pieces": pieces, "vocabSize": 256 + len(merges)})


if __name__ == "__main__":
    main()
