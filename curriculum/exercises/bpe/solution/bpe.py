"""Byte-pair encoding, byte level (as GPT-2 and minbpe): learn merges, encode, decode."""


def get_stats(ids):  # list[int] -> dict[(int, int), int]
    """How often each pair of neighbours occurs; pairs appear in the order first seen."""
    counts = {}
    for pair in zip(ids, ids[1:]):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def merge(ids, pair, idx):  # list[int] -> list[int]
    """Replace every occurrence of `pair`, scanning left to right, by the single id `idx`."""
    out = []
    i = 0
    while i < len(ids):
        if i + 1 < len(ids) and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(idx)
            i += 2  # both ids are used up: an overlapping occurrence (1, 1, 1) merges once
        else:
            out.append(ids[i])
            i += 1
    return out


def train(text, vocab_size):  # str, int -> dict[(int, int), int]
    """Merge the most frequent pair, again and again, until the vocabulary has vocab_size ids."""
    ids = list(text.encode("utf-8"))
    merges = {}
    for idx in range(256, vocab_size):
        stats = get_stats(ids)
        if not stats:
            break
        # max() keeps the first of equal counts, so ties go to the pair seen first.
        pair = max(stats, key=stats.get)
        ids = merge(ids, pair, idx)
        merges[pair] = idx
    return merges


def build_vocab(merges):  # dict[(int, int), int] -> dict[int, bytes]
    """The bytes each id stands for: 0..255 themselves, then each merge joins its two parts."""
    vocab = {i: bytes([i]) for i in range(256)}
    for (a, b), idx in merges.items():  # in training order, so both parts already exist
        vocab[idx] = vocab[a] + vocab[b]
    return vocab


def encode(text, merges):  # str -> list[int]
    """UTF-8 bytes, then apply merges in the order they were learned."""
    ids = list(text.encode("utf-8"))
    while len(ids) >= 2:
        stats = get_stats(ids)
        # The earliest-learned merge present goes first, as in training: later merges were
        # learned on text where the earlier ones had already been applied.
        pair = min(stats, key=lambda p: merges.get(p, float("inf")))
        if pair not in merges:
            break
        ids = merge(ids, pair, merges[pair])
    return ids


def decode(ids, vocab):  # list[int] -> str
    """Join the ids' bytes and decode; bytes that are not valid UTF-8 become U+FFFD."""
    return b"".join(vocab[i] for i in ids).decode("utf-8", errors="replace")
