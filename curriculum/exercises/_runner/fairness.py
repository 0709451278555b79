"""Generated variants of a reference solution, for check:exercises (scripts/checkExercises.ts).

Not copied into a learner's folder: only the checker runs it.

    python fairness.py STUB SOLUTION  ->  one JSON object on stdout:
    {"functions": [{"name", "params"}],            the functions the learner writes
     "ignores": [{"function", "parameter", "replacement", "text"}],
     "float32": text}

A function the learner writes is one whose body in the stub raises NotImplementedError.

"ignores": for each parameter of such a function, the solution with that parameter ignored: the
parameter is rebound at the top of the function body, so every use of it sees a stand-in. A
parameter with a default gets its default (a solution that never reads `temperature` behaves as
if it were always 1.0); one without gets a stand-in picked by the value's type when the call
happens (`_llmstudy_ignored` below): an array becomes zeros of its shape and dtype, an int 1, a
float 1.0, a random generator one with a seed of its own, a list or dict an empty one. One simple
rule for every exercise, rather than a hand-written mutant per parameter: a test suite that lets
any of these pass never looks at that input.

"float32": the solution with every floating-point array argument of those functions cast to
float32 on entry, so a checker can require that a correct float32 computation passes wherever
precision is not the lesson.
"""
import ast
import json
import sys

# Inserted at the top of a mutated module; the names are unlikely to meet a solution's own.
_HELPERS = '''
def _llmstudy_ignored(value):
    import numpy as _np
    if isinstance(value, _np.ndarray):
        return _np.zeros_like(value)
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, _np.integer)):
        return 1
    if isinstance(value, (float, _np.floating)):
        return 1.0
    if isinstance(value, _np.random.Generator):
        return _np.random.default_rng(987654321)
    if isinstance(value, str):
        return ""
    if isinstance(value, (list, tuple, dict)):
        return type(value)()
    return None


def _llmstudy_float32(value):
    import numpy as _np
    if isinstance(value, _np.ndarray) and _np.issubdtype(value.dtype, _np.floating):
        return value.astype(_np.float32)
    # Arrays passed directly only: a dict or list may be state the function updates in place (a
    # KV cache), which a converted copy would lose.
    return value
'''


def _learner_functions(stub_tree):
    """{qualified name: FunctionDef} of the stub's functions that raise NotImplementedError."""
    found = {}

    def visit(body, prefix):
        for node in body:
            if isinstance(node, ast.ClassDef):
                visit(node.body, prefix + node.name + ".")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                raises = any(isinstance(n, ast.Raise) and n.exc is not None and "NotImplementedError" in ast.unparse(n.exc)
                             for n in ast.walk(node))
                if raises:
                    found[prefix + node.name] = node

    visit(stub_tree.body, "")
    return found


def _find(tree, qualname):
    body = tree.body
    parts = qualname.split(".")
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        node = next((n for n in body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef) if last else ast.ClassDef)
                     and n.name == part), None)
        if node is None:
            return None
        body = node.body
    return node


def _params(fn):
    """(name, default expression or None) for each parameter a caller passes (not self/cls, *args, **kw)."""
    a = fn.args
    positional = a.posonlyargs + a.args
    defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
    out = list(zip([p.arg for p in positional], defaults))
    out += [(p.arg, d) for p, d in zip(a.kwonlyargs, a.kw_defaults)]
    if out and out[0][0] in ("self", "cls"):
        out = out[1:]
    return out


def _insert_at_top(fn, statements):
    """After the docstring, so the function keeps it."""
    at = 1 if fn.body and isinstance(fn.body[0], ast.Expr) and isinstance(getattr(fn.body[0], "value", None), ast.Constant) \
        and isinstance(fn.body[0].value.value, str) else 0
    fn.body[at:at] = statements


def _with_helpers(tree):
    helpers = ast.parse(_HELPERS).body
    at = 0
    while at < len(tree.body) and (isinstance(tree.body[at], ast.ImportFrom) and tree.body[at].module == "__future__"
                                   or at == 0 and isinstance(tree.body[0], ast.Expr)):
        at += 1
    tree.body[at:at] = helpers
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def variants(stub_text, solution_text):
    functions = _learner_functions(ast.parse(stub_text))
    listed, ignores = [], []
    for qualname, stub_fn in functions.items():
        params = _params(stub_fn)
        listed.append({"name": qualname, "params": [p for p, _ in params]})
        for name, default in params:
            tree = ast.parse(solution_text)
            fn = _find(tree, qualname)
            if fn is None:
                break
            own = dict(_params(fn))
            if name not in own:
                continue
            stand_in = own[name] if own[name] is not None else default
            value = stand_in if stand_in is not None else ast.parse("_llmstudy_ignored({})".format(name), mode="eval").body
            _insert_at_top(fn, [ast.Assign(targets=[ast.Name(id=name, ctx=ast.Store())], value=value)])
            ignores.append({"function": qualname, "parameter": name,
                            "replacement": ast.unparse(value) if stand_in is not None else "a stand-in of its type",
                            "text": _with_helpers(tree)})
    tree = ast.parse(solution_text)
    for qualname, stub_fn in functions.items():
        fn = _find(tree, qualname)
        if fn is None:
            continue
        _insert_at_top(fn, [ast.Assign(targets=[ast.Name(id=p, ctx=ast.Store())],
                                       value=ast.parse("_llmstudy_float32({})".format(p), mode="eval").body)
                            for p, _ in _params(fn)])
    return {"functions": listed, "ignores": ignores, "float32": _with_helpers(tree)}


def main(argv):
    stub, solution = argv[1], argv[2]
    with open(stub, encoding="utf-8") as f:
        stub_text = f.read()
    with open(solution, encoding="utf-8") as f:
        solution_text = f.read()
    json.dump(variants(stub_text, solution_text), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
