"""Int8 per-channel quantisation of the tiny GPT's weights, in numpy."""
import numpy as np

from tinygpt import forward


def channel_scales(w):  # [out, in] -> [out]
    """One scale per output channel (row): max |w| of the row / 127, so the row's largest weight maps to +-127."""
    amax = np.max(np.abs(w), axis=1)
    # An all-zero row would give scale 0 and 0/0 below; any scale quantises it to zeros.
    return np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)


def quantize_int8(w, scale):  # [out, in], [out] -> int8 [out, in]
    """Round w / scale to the nearest integer in -127 .. 127 and store it in one byte."""
    return np.clip(np.round(w / scale[:, None]), -127, 127).astype(np.int8)


def dequantize(q, scale):  # int8 [out, in], [out] -> [out, in]
    """Back to floats: each row's integers times its scale."""
    return q.astype(np.float32) * scale[:, None]


def quantize_params(params):  # {name: array} -> {name: (int8 array, scales) or float32 array}
    """Quantise every matrix (wte, wpe and the linear weights); keep biases and layer norms in float32."""
    # Vectors are a tiny share of the parameters and the layer norms are sensitive: not worth a byte each.
    return {name: (quantize_int8(w, channel_scales(w)), channel_scales(w)) if w.ndim == 2 else w.astype(np.float32)
            for name, w in params.items()}


def dequantize_params(qparams):  # -> {name: float64 array}
    """The weights the quantised model really computes with, as float64 for tinygpt.forward."""
    return {name: (dequantize(*v) if isinstance(v, tuple) else v).astype(np.float64) for name, v in qparams.items()}


def model_bytes(qparams):  # -> int
    """Bytes to store the quantised model: 1 per int8 weight, 4 per float32 scale and per float32 vector value."""
    return int(sum(v[0].nbytes + v[1].nbytes if isinstance(v, tuple) else v.nbytes for v in qparams.values()))


def mean_loss(params, ids, n_head, block_size):  # -> float
    """Mean next-token cross-entropy over windows of block_size + 1 ids (inputs, then the next token as target)."""
    n = block_size + 1
    losses = []
    for i in range(0, len(ids) - n + 1, n):
        window = np.asarray(ids[i:i + n])
        logits, _ = forward(window[:-1], params, n_head)                      # [block_size, n_vocab]
        logits = logits - logits.max(axis=-1, keepdims=True)
        logp = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
        losses.append(-logp[np.arange(block_size), window[1:]])
    return float(np.mean(np.concatenate(losses)))
