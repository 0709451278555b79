"""Tiny Shakespeare as character ids: find (or download) the text, build the vocabulary, split."""

import hashlib
import os
import urllib.request
from pathlib import Path

import torch

DATA_URL = "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"
DATA_SHA256 = "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"
REPO = Path(__file__).resolve().parent.parent
# Where the text is looked for, in order; the last one is also where a download is kept.
CANDIDATES = [REPO.parent / "shared" / "data" / "tinyshakespeare.txt", REPO / "training" / "out" / "tinyshakespeare.txt"]


def find_text(path=None):
    """The path of the training text: an explicit path, $LLM_STUDY_DATA, a known place, or a download."""
    explicit = path or os.environ.get("LLM_STUDY_DATA")
    if explicit:
        if not Path(explicit).is_file():
            raise SystemExit(f"data file not found: {explicit}")
        return Path(explicit)
    for candidate in CANDIDATES:
        if candidate.is_file():
            return candidate
    target = CANDIDATES[-1]
    target.parent.mkdir(parents=True, exist_ok=True)
    print(f"downloading {DATA_URL} -> {target}")
    try:
        with urllib.request.urlopen(DATA_URL, timeout=60) as r:
            body = r.read()
    except OSError as e:  # URLError, timeouts and refused connections are all OSErrors
        raise SystemExit(
            f"could not download tiny Shakespeare ({e}).\n"
            f"Offline? Put the text at {CANDIDATES[0]} or {target}, or pass --data PATH "
            f"(or set LLM_STUDY_DATA) to train on any UTF-8 text file.") from None
    target.write_bytes(body)
    return target


def load_text(path=None):
    p = find_text(path)
    text = p.read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != DATA_SHA256:
        # Not fatal (a smoke test trains on a slice), but the committed artifacts came from this text.
        print(f"note: {p} is not the reference tiny Shakespeare (sha256 {digest[:12]}...)")
    return text, p, digest


class DataError(SystemExit):
    """A data file the learner chose that cannot be trained on: said in one line, no traceback."""


def read_user_text(path, min_chars):
    """Any UTF-8 text file as training data. An empty file, a binary one (NUL bytes, or bytes that are
    not UTF-8) or one too short for a window says so in one line that names the file, instead of a
    UnicodeDecodeError or a torch.randint error deep in get_batch."""
    p = Path(path)
    if not p.is_file():
        raise DataError(f"data file not found: {p}")
    raw = p.read_bytes()
    if not raw.strip():
        raise DataError(f"data file is empty: {p}. Pick a UTF-8 text file with at least {min_chars:,} characters.")
    nul = raw.find(b"\0")
    if nul >= 0:
        raise DataError(f"data file is binary, not text: {p} (a NUL byte at offset {nul:,}). Pick a UTF-8 text file.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DataError(f"data file is not UTF-8 text: {p} (byte 0x{raw[e.start]:02x} at offset {e.start:,}). "
                        "Save it as UTF-8 or pick another file.") from None
    if text.startswith("\ufeff"):  # a BOM is an encoding mark, not a character worth a token
        text = text[1:]
    if len(text) < min_chars:
        raise DataError(f"data file is too short: {p} has {len(text):,} characters; this model's context needs "
                        f"at least {min_chars:,} (the validation split is the last 10%).")
    return text


class CharVocab:
    """Every distinct character of the text, sorted, is one token."""

    def __init__(self, chars):
        self.chars = list(chars)
        self.stoi = {ch: i for i, ch in enumerate(self.chars)}

    @classmethod
    def from_text(cls, text):
        return cls(sorted(set(text)))

    def __len__(self):
        return len(self.chars)

    def encode(self, s):
        return [self.stoi[c] for c in s]

    def decode(self, ids):
        return "".join(self.chars[i] for i in ids)


def split(text, vocab, val_fraction=0.1):
    """The first 90% trains, the last 10% validates (as nanoGPT's shakespeare_char does)."""
    data = torch.tensor(vocab.encode(text), dtype=torch.long)
    n = int(len(data) * (1 - val_fraction))
    return data[:n], data[n:]


def get_batch(data, block_size, batch_size, generator):
    # Random windows of block_size + 1 characters: x is the window, y the same shifted by one.
    ix = torch.randint(len(data) - block_size - 1, (batch_size,), generator=generator)
    x = torch.stack([data[i:i + block_size] for i in ix])  # (B, T)
    y = torch.stack([data[i + 1:i + 1 + block_size] for i in ix])  # (B, T)
    return x, y


def repeat_rows(x, y, frac, vocab_size, generator, min_len=8, max_len=64):
    """Replaces about `frac` of the batch rows with a random run of characters repeated to fill the
    window. Tiny Shakespeare seldom repeats itself within 128 characters, so copying never pays and
    no induction head forms (a model trained on the text alone scored 0.02 at most). A few rows
    where the only way to predict is "what followed this character last time" make it pay, and the
    playground's induction demo has something to find. The first copy of each run is noise to the
    model; Shakespeare's validation loss is what the model card reports.
    """
    B, T = x.shape
    rows = (torch.rand(B, generator=generator) < frac).nonzero().flatten()
    for r in rows.tolist():
        n = int(torch.randint(min_len, max_len + 1, (1,), generator=generator))
        run = torch.randint(vocab_size, (n,), generator=generator)
        seq = run.repeat((T + 1) // n + 1)[: T + 1]  # (T+1,)
        x[r], y[r] = seq[:-1], seq[1:]
    return x, y
