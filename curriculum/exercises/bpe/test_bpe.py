"""Tests for bpe.py. Run: python llmstudy_test.py"""
import unittest

from llmstudy_test import assert_equal
import bpe

# The string of the Wikipedia article's example. The article merges aa, then ab; at that second
# step (aa)a and ab are tied at 2, and this exercise's rule (the pair seen first wins) takes
# (aa)a, so the merges below are not the article's.
WIKI = "aaabdaaabac"
PARAGRAPH = ("The tokenizer is a separate stage of the pipeline: it has its own training set and its own "
             "training algorithm. Tokenization is at the heart of much weirdness of language models. "
             "The tokens are the atoms of a language model; the model never sees the characters.")


class TestStats(unittest.TestCase):
    def test_get_stats(self):
        """get_stats counts neighbouring pairs"""
        assert_equal("get_stats([1, 2, 3, 1, 2])", bpe.get_stats([1, 2, 3, 1, 2]), {(1, 2): 2, (2, 3): 1, (3, 1): 1},
                     where=bpe.get_stats)

    def test_get_stats_short(self):
        """get_stats of zero or one id is empty"""
        assert_equal("[get_stats([]), get_stats([7])]", [bpe.get_stats([]), bpe.get_stats([7])], [{}, {}], where=bpe.get_stats)


class TestMerge(unittest.TestCase):
    def test_merge(self):
        """merge replaces each occurrence of the pair"""
        assert_equal("merge([5, 6, 6, 7, 9, 6, 7], (6, 7), 99)", bpe.merge([5, 6, 6, 7, 9, 6, 7], (6, 7), 99),
                     [5, 6, 99, 9, 99], where=bpe.merge,
                     hint="scan left to right: where ids[i], ids[i + 1] is the pair, write idx and move on by 2; "
                          "otherwise copy ids[i] and move on by 1.",
                     mistakes=[([5, 6, 99, 9, 6, 7], "the last occurrence was not replaced: the scan must reach the final pair.")])

    def test_overlapping(self):
        """merge([1, 1, 1], (1, 1)) merges once: the ids are used up"""
        assert_equal("merge([1, 1, 1], (1, 1), 256)", bpe.merge([1, 1, 1], (1, 1), 256), [256, 1], where=bpe.merge,
                     hint="each id belongs to at most one merged pair.",
                     mistakes=[([256, 256, 1], "the middle id was used twice: after a match, skip BOTH ids (i += 2)."),
                               ([256, 256], "the middle id was used twice: after a match, skip BOTH ids (i += 2)."),
                               ([256], "the last id must be copied too when it is not merged.")])

    def test_keeps_last(self):
        """merge keeps a final id that is not part of a pair"""
        assert_equal("merge([1, 2, 3], (1, 2), 256)", bpe.merge([1, 2, 3], (1, 2), 256), [256, 3], where=bpe.merge,
                     mistakes=[([256], "the last id must be copied too when it is not merged.")])


class TestTrain(unittest.TestCase):
    def test_wikipedia_example(self):
        """train('aaabdaaabac', 259): aa, then (aa)a (a tie with ab: the pair seen first wins), then (aaa)b"""
        assert_equal("train('aaabdaaabac', 259)", bpe.train(WIKI, 259), {(97, 97): 256, (256, 97): 257, (257, 98): 258},
                     where=bpe.train, hint="merge the most frequent pair into the ids before counting again; "
                                           "on a tie take the pair seen first (max over the dict does that).")

    def test_vocab(self):
        """build_vocab: each new id stands for the bytes of its two parts"""
        vocab = bpe.build_vocab({(97, 97): 256, (256, 97): 257, (257, 98): 258})
        got = [len(vocab), vocab[97], vocab[256], vocab[257], vocab[258]]
        assert_equal("[len(vocab), vocab[97], vocab[256], vocab[257], vocab[258]]", got, [259, b"a", b"aa", b"aaa", b"aaab"],
                     where=bpe.build_vocab)


class TestEncodeDecode(unittest.TestCase):
    def test_encode_wiki(self):
        """encode('aaabdaaabac') with the three merges train learns from it"""
        merges = {(97, 97): 256, (256, 97): 257, (257, 98): 258}
        assert_equal("encode('aaabdaaabac', merges)", bpe.encode(WIKI, merges), [258, 100, 258, 97, 99], where=bpe.encode)

    def test_encode_order(self):
        """encode applies the earliest-learned merge first, not the leftmost pair"""
        merges = {(98, 99): 256, (97, 98): 257}  # 'bc' was learned before 'ab'
        assert_equal("encode('abc', {(b, c): 256, (a, b): 257})", bpe.encode("abc", merges), [97, 256], where=bpe.encode,
                     hint="pick the pair with the LOWEST merge id among those present, wherever it is in the text.")

    def test_round_trip(self):
        """decode(encode(text)) gives the text back, accents and emoji included"""
        merges = bpe.train(PARAGRAPH + " héllo wörld 👋 naïve café", 300)
        vocab = bpe.build_vocab(merges)
        for text in ["The tokens are the atoms", "héllo wörld 👋", "", "naïve café, 東京"]:
            assert_equal("decode(encode({!r}))".format(text), bpe.decode(bpe.encode(text, merges), vocab), text, where=bpe.decode)

    def test_compresses(self):
        """encode uses fewer ids than bytes on text like the training text"""
        merges = bpe.train(PARAGRAPH, 300)
        n_ids = len(bpe.encode(PARAGRAPH, merges))
        n_bytes = len(PARAGRAPH.encode("utf-8"))
        assert_equal("len(encode(paragraph)) < len(bytes) / 2", n_ids < n_bytes / 2, True, where=bpe.encode,
                     hint="{} ids for {} bytes; encode keeps merging until no pair of the ids is in merges.".format(n_ids, n_bytes))

    def test_decode_invalid_bytes(self):
        """decode of half a character gives the replacement character, not an exception"""
        vocab = bpe.build_vocab({})
        half = list("é".encode("utf-8"))[:1]
        assert_equal("decode([{}])".format(half[0]), bpe.decode(half, vocab), "\ufffd", where=bpe.decode,
                     hint='use .decode("utf-8", errors="replace").')


if __name__ == "__main__":
    unittest.main()
