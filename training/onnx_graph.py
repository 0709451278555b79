"""The tiny GPT as ONNX graphs, written node by node from the state dict.

Why not torch.onnx.export: the tracer turns every `x.size()` and `view(B, T, ...)` into Shape,
Gather, Unsqueeze and Concat nodes, so the traced KV graph ran ~600 nodes per token, most of
them arithmetic on shapes. In onnxruntime-web each node costs a few microseconds whatever its
size, and at 818k parameters that overhead, not the matrix work, decided the speed. Written by
hand for one sequence (B = 1, the residual stream as a (T, C) matrix), a block is ~25 nodes and
each one is a step of the model a learner can name in the .onnx viewer ("h.0.attn.c_attn").

Three graphs, one builder (see MODEL_CARD.md and src/shared/model/modelInterface.ts for the interface):
  full:  idx (1, T)                    -> logits (1, T, V), attn (L, nh, T, T), resid (L+1, T, C)
  kv:    idx (1, T), past_kv (L, 2, nh, P, hs)
                                       -> logits (1, T, V), present_kv (L, 2, nh, P+T, hs),
                                          new_kv (L, 2, nh, T, hs), attn (L, nh, T, P+T)
          new_kv is present_kv's last T positions: a caller that keeps the cache itself fetches it
          instead of present_kv, and onnxruntime-web then copies one position out of its heap per
          token instead of the whole cache (and skips the Concat that builds present_kv).
  interp: full plus head_mask (L, nh), head_value (L, nh, T, hs), resid_mask (L+1, T),
          resid_value (L+1, T, C), resid_add (L+1, T, C)
                                       -> logits, attn, resid (after the interventions), z (L, nh, T, hs)
          Where a mask is > 0 the head's z (its output before c_proj) or the residual stream at that
          (layer, position) is replaced by the value; resid_add is then added. Zero-ablation,
          mean-ablation, head patching, residual patching and steering are all this one graph, so
          the webview never needs a re-export per experiment. Where (not a blend by the mask) keeps
          masks of 0 exact: the plain model's numbers, bit for bit.
Weights are initializers stored as ONNX external data pointing into weights.npz (fp16 there,
with a Cast to fp32 that onnxruntime folds once at load), under their state-dict names.
"""

import math

import numpy as np
from onnx import TensorProto, helper, numpy_helper

OPSET = 17


class Graph:
    """A list of nodes with fresh names: `g.op("MatMul", a, b)` returns the output's name."""

    def __init__(self):
        self.nodes, self.inits, self.count = [], [], 0

    def op(self, op_type, *inputs, name=None, outputs=1, **attrs):
        self.count += 1
        base = name or f"{op_type}_{self.count}"
        outs = [base] if outputs == 1 else [f"{base}:{i}" for i in range(outputs)]
        self.nodes.append(helper.make_node(op_type, list(inputs), outs, name=base, **attrs))
        return outs[0] if outputs == 1 else outs

    def const(self, name, values, dtype=np.int64):
        """A small constant (a shape, an axis, a scalar) kept inside the graph."""
        self.inits.append(numpy_helper.from_array(np.array(values, dtype=dtype), name))
        return name


def external_weight(g, key, array, ref, fp16):
    """An initializer that points into weights.npz (ref = (file, offset, length)), cast to fp32."""
    t = TensorProto()
    t.name = key + "_fp16" if fp16 else key
    t.data_type = TensorProto.FLOAT16 if fp16 else TensorProto.FLOAT
    t.dims.extend(array.shape)
    t.data_location = TensorProto.EXTERNAL
    for k, v in zip(("location", "offset", "length"), (str(x) for x in ref)):
        entry = t.external_data.add()
        entry.key, entry.value = k, v
    g.inits.append(t)
    if fp16:
        g.nodes.append(helper.make_node("Cast", [t.name], [key], to=TensorProto.FLOAT, name="Cast_" + key))
    return key


def gelu_tanh(g, x, p):
    # 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))), GPT-2's GELU, in the exact form that
    # onnxruntime's FastGeluFusion recognises, so at load it becomes one kernel instead of eight.
    inner = g.op("Add", x, g.op("Mul", g.op("Pow", x, "c_3.0"), "c_0.044715"))
    inner = g.op("Mul", inner, "c_sqrt_2_over_pi")
    return g.op("Mul", g.op("Mul", x, "c_0.5"), g.op("Add", g.op("Tanh", inner), "c_1.0"), name=p + "gelu")


def replace_heads(g, l, z, nh):
    """z (1, nh, T, hs) with the heads whose head_mask[l] is > 0 taken from head_value[l]."""
    m = g.op("Reshape", g.op("Gather", "head_mask", f"layer_{l}", axis=0), g.const(f"shape_h11_{l}", [nh, 1, 1]))
    value = g.op("Gather", "head_value", f"layer_{l}", axis=0)  # (nh, T, hs)
    return g.op("Where", g.op("Greater", m, "c_zero"), value, z, name=f"h.{l}.attn.z")


def intervene_resid(g, i, x):
    """Residual stream i (T, C): patched where resid_mask[i] > 0, then resid_add[i] added."""
    m = g.op("Unsqueeze", g.op("Gather", "resid_mask", f"layer_{i}", axis=0), "axis1")  # (T, 1)
    x = g.op("Where", g.op("Greater", m, "c_zero"), g.op("Gather", "resid_value", f"layer_{i}", axis=0), x)
    return g.op("Add", x, g.op("Gather", "resid_add", f"layer_{i}", axis=0), name=f"resid.{i}")


def block(g, l, x, past, bias, zs=None):
    """One transformer block on x (T, C); past (L, 2, nh, P, hs) or None. -> x, att, present, new
    (the keys and values of the T new positions, (2, nh, T, hs)).
    zs: a list in the interp graph; each head's output z (after the intervention) is appended."""
    p = f"h.{l}."
    a = g.op("LayerNormalization", x, p + "ln_1.weight", p + "ln_1.bias", axis=-1, epsilon=1e-5, name=p + "ln_1")
    qkv = g.op("Gemm", a, p + "attn.c_attn.weight", p + "attn.c_attn.bias", transB=1, name=p + "attn.c_attn")  # (T, 3C)
    qkv = g.op("Reshape", qkv, "shape_qkv")  # (T, 3, nh, hs)
    qkv = g.op("Transpose", qkv, perm=[1, 2, 0, 3], name=p + "attn.heads")  # (3, nh, T, hs)
    q, kv = g.op("Split", qkv, "split_q_kv", axis=0, outputs=2, name=p + "attn.split")  # (1, nh, T, hs), (2, nh, T, hs)
    new = kv
    if past is not None:
        kv = g.op("Concat", g.op("Gather", past, f"layer_{l}", axis=0), kv, axis=2, name=p + "attn.present")  # (2, nh, P+T, hs)
    k, v = g.op("Split", kv, axis=0, outputs=2, name=p + "attn.k_v")  # each (1, nh, P+T, hs)
    att = g.op("MatMul", q, g.op("Transpose", k, perm=[0, 1, 3, 2]))  # (1, nh, T, P+T)
    att = g.op("Add", g.op("Mul", att, "c_scale"), bias)  # scaled by 1/sqrt(hs), future keys at -inf
    att = g.op("Softmax", att, axis=-1, name=p + "attn.softmax")  # each row sums to 1
    y = g.op("MatMul", att, v)  # (1, nh, T, hs)
    if zs is not None:
        y = replace_heads(g, l, y, g.n_head)
        zs.append(y)
    y = g.op("Reshape", g.op("Transpose", y, perm=[2, 0, 1, 3]), "shape_TC")  # (T, C): heads side by side
    x = g.op("Add", x, g.op("Gemm", y, p + "attn.c_proj.weight", p + "attn.c_proj.bias", transB=1, name=p + "attn.c_proj"))
    m = g.op("LayerNormalization", x, p + "ln_2.weight", p + "ln_2.bias", axis=-1, epsilon=1e-5, name=p + "ln_2")
    h = g.op("Gemm", m, p + "mlp.c_fc.weight", p + "mlp.c_fc.bias", transB=1, name=p + "mlp.c_fc")  # (T, 4C)
    h = g.op("Gemm", gelu_tanh(g, h, p + "mlp."), p + "mlp.c_proj.weight", p + "mlp.c_proj.bias", transB=1, name=p + "mlp.c_proj")
    return g.op("Add", x, h, name=p + "out"), att, kv, new


def build(cfg, weights, refs, fp16, kv, interp=False):
    """weights: state-dict name -> array (tied lm_head left out); refs: name -> (file, offset, length).
    interp: the full-context graph with the intervention inputs and the z output (not with kv)."""
    assert not (kv and interp), "the interp graph is a full-context graph"
    L, nh, C, V = cfg["n_layer"], cfg["n_head"], cfg["n_embd"], cfg["vocab_size"]
    hs = C // nh
    g = Graph()
    g.n_head = nh
    for key, a in weights.items():
        external_weight(g, key, a, refs[key], fp16)
    for name, value in (("c_0.044715", 0.044715), ("c_sqrt_2_over_pi", math.sqrt(2 / math.pi)), ("c_0.5", 0.5),
                        ("c_1.0", 1.0), ("c_3.0", 3.0), ("c_scale", 1 / math.sqrt(hs)), ("c_neg_inf", -np.inf), ("c_zero", 0.0)):
        g.const(name, value, np.float32)
    g.const("split_q_kv", [1, 2])
    g.const("shape_TC", [-1, C])
    g.const("shape_qkv", [-1, 3, nh, hs])
    g.const("axis0", [0])
    for l in range(L if kv else L + 1 if interp else 0):
        g.const(f"layer_{l}", l)  # index into past_kv, or into the intervention inputs
    if interp:
        g.const("axis1", [1])

    # Positions: the new tokens sit at P..P+T-1 (P = 0 without a cache).
    T1 = g.op("Shape", "idx", start=1, end=2, name="T")  # [T]
    if kv:
        P1 = g.op("Shape", "past_kv", start=3, end=4, name="P")  # [P]
        PT1 = g.op("Add", P1, T1, name="P_plus_T")
    else:
        P1, PT1 = g.const("zero1", [0]), T1
    tok = g.op("Gather", "wte.weight", g.op("Reshape", "idx", g.const("shape_flat", [-1])), axis=0, name="wte")  # (T, C)
    pos = g.op("Slice", "wpe.weight", P1, PT1, "axis0", name="wpe")  # (T, C): rows P..P+T-1
    x = g.op("Add", tok, pos, name="embed")

    # Causal mask as an additive bias (T, P+T): 0 where query i may see key j (j <= P+i), else -inf.
    q_pos = g.op("Range", g.op("Squeeze", P1), g.op("Squeeze", PT1), g.const("one", 1))  # (T,)
    k_pos = g.op("Range", g.const("zero", 0), g.op("Squeeze", PT1), "one")  # (P+T,)
    future = g.op("Greater", g.op("Unsqueeze", k_pos, "axis0"), g.op("Unsqueeze", q_pos, "axis1" if interp else g.const("axis1", [1])))
    bias = g.op("Where", future, "c_neg_inf", "c_zero", name="causal_bias")

    zs = [] if interp else None
    if interp:
        x = intervene_resid(g, 0, x)
    atts, presents, news, resid = [], [], [], [x]
    for l in range(L):
        x, att, present, new = block(g, l, x, "past_kv" if kv else None, bias, zs)
        if interp:
            x = intervene_resid(g, l + 1, x)
        atts.append(att)
        presents.append(present)
        news.append(new)
        resid.append(x)
    xf = g.op("LayerNormalization", x, "ln_f.weight", "ln_f.bias", axis=-1, epsilon=1e-5, name="ln_f")
    logits = g.op("Gemm", xf, "wte.weight", transB=1, name="lm_head")  # (T, V), tied to wte
    g.nodes.append(helper.make_node("Unsqueeze", [logits, "axis0"], ["logits"], name="logits"))
    g.nodes.append(helper.make_node("Concat", atts, ["attn"], axis=0, name="attn"))  # (L, nh, T, P+T)

    f32 = TensorProto.FLOAT
    inputs = [helper.make_tensor_value_info("idx", TensorProto.INT64, [1, "T"])]
    outputs = [helper.make_tensor_value_info("logits", f32, [1, "T", V])]
    if kv:
        inputs.append(helper.make_tensor_value_info("past_kv", f32, [L, 2, nh, "P", hs]))
        both = g.op("Concat", *presents, axis=0)  # (2L, nh, P+T, hs)
        g.nodes.append(helper.make_node("Reshape", [both, g.const("shape_kv", [L, 2, nh, -1, hs])], ["present_kv"], name="present_kv"))
        fresh = g.op("Concat", *news, axis=0)  # (2L, nh, T, hs)
        g.nodes.append(helper.make_node("Reshape", [fresh, "shape_kv"], ["new_kv"], name="new_kv"))
        outputs += [helper.make_tensor_value_info("present_kv", f32, [L, 2, nh, "P_plus_T", hs]),
                    helper.make_tensor_value_info("new_kv", f32, [L, 2, nh, "T", hs]),
                    helper.make_tensor_value_info("attn", f32, [L, nh, "T", "P_plus_T"])]
    else:
        stacked = g.op("Concat", *resid, axis=0)  # ((L+1) T, C)
        g.nodes.append(helper.make_node("Reshape", [stacked, g.const("shape_resid", [L + 1, -1, C])], ["resid"], name="resid"))
        outputs += [helper.make_tensor_value_info("attn", f32, [L, nh, "T", "T"]),
                    helper.make_tensor_value_info("resid", f32, [L + 1, "T", C])]
    if interp:
        inputs += [helper.make_tensor_value_info("head_mask", f32, [L, nh]),
                   helper.make_tensor_value_info("head_value", f32, [L, nh, "T", hs]),
                   helper.make_tensor_value_info("resid_mask", f32, [L + 1, "T"]),
                   helper.make_tensor_value_info("resid_value", f32, [L + 1, "T", C]),
                   helper.make_tensor_value_info("resid_add", f32, [L + 1, "T", C])]
        g.nodes.append(helper.make_node("Concat", zs, ["z"], axis=0, name="z"))  # (L, nh, T, hs)
        outputs.append(helper.make_tensor_value_info("z", f32, [L, nh, "T", hs]))
    name = "tiny_gpt_kv" if kv else "tiny_gpt_interp" if interp else "tiny_gpt"
    graph = helper.make_graph(g.nodes, name, inputs, outputs, g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="llm-study training/onnx_graph.py")
    model.ir_version = 8
    return model
