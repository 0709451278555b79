"""Int8 per-channel quantisation of the tiny GPT's weights, in numpy.

Store each weight matrix as one byte per weight plus one float32 scale per output row, then
measure what it costs: bytes saved, and the change in validation loss.
Fill in the functions below, top to bottom. Run the tests with:  python llmstudy_test.py
"""
import numpy as np

from tinygpt import forward


def channel_scales(w):  # [out, in] -> [out]
    """One scale per output channel (row): max |w| of the row / 127, so the row's largest weight maps to +-127.

    A row of zeros must not give a scale of 0 (it would divide by zero later): give it scale 1.
    """
    raise NotImplementedError


def quantize_int8(w, scale):  # [out, in], [out] -> int8 [out, in]
    """Round w / scale to the nearest integer in -127 .. 127 and store it in one byte."""
    raise NotImplementedError


def dequantize(q, scale):  # int8 [out, in], [out] -> [out, in]
    """Back to floats: each row's integers times its scale."""
    raise NotImplementedError


def quantize_params(params):  # {name: array} -> {name: (int8 array, scales) or float32 array}
    """Quantise every matrix (wte, wpe and the linear weights); keep biases and layer norms in float32."""
    raise NotImplementedError


def dequantize_params(qparams):  # -> {name: float64 array}
    """The weights the quantised model really computes with, as float64 for tinygpt.forward."""
    raise NotImplementedError


def model_bytes(qparams):  # -> int
    """Bytes to store the quantised model: 1 per int8 weight, 4 per float32 scale and per float32 vector value."""
    raise NotImplementedError


def mean_loss(params, ids, n_head, block_size):  # -> float
    """Mean next-token cross-entropy over windows of block_size + 1 ids (inputs, then the next token as target).

    Windows do not overlap: ids[0:129], ids[129:258], ... for block_size 128; a shorter tail is
    left out. forward(window[:-1], params, n_head) from tinygpt.py gives (logits, attention).
    """
    raise NotImplementedError
