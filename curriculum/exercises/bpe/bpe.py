"""Byte-pair encoding, byte level (as GPT-2 and minbpe): learn merges, encode, decode.

Text is first turned into UTF-8 bytes (ids 0..255). Training repeatedly finds the most frequent
pair of neighbouring ids and gives it a new id (256, 257, ...). Plain Python, no numpy needed.
Fill in the functions from top to bottom. Run the tests with:  python llmstudy_test.py
"""


def get_stats(ids):  # list[int] -> dict[(int, int), int]
    """How often each pair of neighbours occurs: get_stats([1, 2, 3, 1, 2]) is
    {(1, 2): 2, (2, 3): 1, (3, 1): 1}.
    """
    raise NotImplementedError


def merge(ids, pair, idx):  # list[int] -> list[int]
    """Scan left to right and replace each occurrence of `pair` by `idx`.
    merge([1, 1, 1], (1, 1), 256) is [256, 1]: once two ids are merged they are used up.
    """
    raise NotImplementedError


def train(text, vocab_size):  # str, int -> dict[(int, int), int]
    """Learn vocab_size - 256 merges on the UTF-8 bytes of text. Each step merges the most
    frequent pair (on a tie, the pair that occurs first in the current ids) into the next new
    id: 256, then 257, ... Returns {pair: new_id} in the order learned.
    """
    raise NotImplementedError


def build_vocab(merges):  # dict[(int, int), int] -> dict[int, bytes]
    """id -> the bytes it stands for: bytes([i]) for 0..255, then vocab[a] + vocab[b] per merge."""
    raise NotImplementedError


def encode(text, merges):  # str -> list[int]
    """UTF-8 bytes of text, then merge until no pair is in `merges`. At each step merge the
    pair that was learned EARLIEST (lowest new id) among those present.
    """
    raise NotImplementedError


def decode(ids, vocab):  # list[int] -> str
    """Join the bytes of the ids and decode as UTF-8. An id sequence can cut a character in
    half, so decode with errors="replace" (invalid bytes become U+FFFD) rather than failing.
    """
    raise NotImplementedError
