"""The whole tiny GPT forward pass in numpy, running on the weights PyTorch trained."""
import numpy as np

# Also the model's side of Show My Model (media/exercises/show_my_model.py loads this file): keep
# the names and signatures of softmax, linear, layer_norm, causal_self_attention, block,
# load_params and gpt_forward, or the driver breaks (test/unit/exercises/showMyModel.test.ts).


# ---- given (from your earlier exercises) ---------------------------------------------------

def softmax(x):  # [..., n] -> [..., n]
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def linear(x, weight, bias):  # [n_seq, n_in], [n_out, n_in], [n_out] -> [n_seq, n_out]
    return x @ weight.T + bias


def layer_norm(x, weight, bias, eps=1e-5):  # [n_seq, n_embd] -> [n_seq, n_embd]
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return weight * (x - mean) / np.sqrt(var + eps) + bias


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def causal_self_attention(x, c_attn_weight, c_attn_bias, c_proj_weight, c_proj_bias, n_head):
    """[n_seq, n_embd] -> y [n_seq, n_embd], att [n_head, n_seq, n_seq]."""
    n_seq, n_embd = x.shape
    hs = n_embd // n_head
    q, k, v = np.split(linear(x, c_attn_weight, c_attn_bias), 3, axis=-1)
    q, k, v = (t.reshape(n_seq, n_head, hs).transpose(1, 0, 2) for t in (q, k, v))
    att = softmax(q @ k.transpose(0, 2, 1) / np.sqrt(hs) + (1 - np.tri(n_seq)) * -1e10)
    y = (att @ v).transpose(1, 0, 2).reshape(n_seq, n_embd)
    return linear(y, c_proj_weight, c_proj_bias), att


def block(x, p, n_head):  # [n_seq, n_embd] -> [n_seq, n_embd]; p: one block's weights, "h.N." removed
    a, _ = causal_self_attention(layer_norm(x, p["ln_1.weight"], p["ln_1.bias"]),
                                 p["attn.c_attn.weight"], p["attn.c_attn.bias"],
                                 p["attn.c_proj.weight"], p["attn.c_proj.bias"], n_head)
    x = x + a
    h = linear(gelu(linear(layer_norm(x, p["ln_2.weight"], p["ln_2.bias"]), p["mlp.c_fc.weight"], p["mlp.c_fc.bias"])),
               p["mlp.c_proj.weight"], p["mlp.c_proj.bias"])
    return x + h


def context_start(n, block_size):
    """First position the model sees when it predicts token n from tokens 0..n-1.

    Up to block_size tokens it sees them all; past that the window drops its oldest half at once
    (the playground and the PyTorch model use the same rule, so all three write the same text).
    """
    if n <= block_size:
        return 0
    shift = block_size // 2
    return -(-(n - block_size) // shift) * shift


# ---- yours ---------------------------------------------------------------------------------

def load_params(path):  # -> dict[str, np.ndarray]
    """Every tensor in weights.npz under its state-dict name ("wte.weight", "h.0.ln_1.weight", ...), as float64."""
    with np.load(path) as f:
        return {name: f[name].astype(np.float64) for name in f.files}


def encode(text, chars):  # str -> list[int]
    """A character's token id is its index in the vocabulary `chars`."""
    stoi = {c: i for i, c in enumerate(chars)}
    return [stoi[c] for c in text]


def decode(ids, chars):  # list[int] -> str
    return "".join(chars[i] for i in ids)


def gpt_forward(idx, params, n_head):  # [n_seq] -> [n_seq, n_vocab]
    """Logits for the next token at every position of idx."""
    idx = np.asarray(idx)
    n_layer = len({name.split(".")[1] for name in params if name.startswith("h.")})
    x = params["wte.weight"][idx] + params["wpe.weight"][np.arange(len(idx))]  # [n_seq, n_embd]
    for i in range(n_layer):
        prefix = "h.{}.".format(i)
        x = block(x, {k[len(prefix):]: v for k, v in params.items() if k.startswith(prefix)}, n_head)
    x = layer_norm(x, params["ln_f.weight"], params["ln_f.bias"])
    # The output head shares its matrix with the token embedding (weight tying), so the state
    # dict may not list lm_head.weight separately.
    head = params.get("lm_head.weight", params["wte.weight"])                  # [n_vocab, n_embd]
    return x @ head.T                                                          # [n_seq, n_vocab]


def generate_greedy(idx, params, n_head, block_size, n_new):  # list[int] -> list[int]
    """Append n_new tokens, each the argmax of the last position's logits; the window follows context_start."""
    ids = list(idx)
    for _ in range(n_new):
        window = ids[context_start(len(ids), block_size):]
        logits = gpt_forward(window, params, n_head)
        ids.append(int(np.argmax(logits[-1])))
    return ids
