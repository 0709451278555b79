# LLM Study's test runner: LLM Study replaces this file with its own version, so edits here do not last.
"""What test files call: assertions that fail with what a teacher would say.

A failure names what was called (`attention(q, k, v)`), what was expected and what came back:
the share of values that match, the first mismatch, a shape that is transposed, values right to
float32 rounding only. `mistakes=` pairs turn a known wrong answer into its own hint (ARENA-style:
the hint fires only when the learner's values equal that mistake). Plain numpy, no unittest
machinery: an ExerciseFailure is an AssertionError, so any test runner reports it.
"""
import inspect
import math
import os

try:
    import numpy as np
except ImportError:  # the runner must still report something useful without numpy
    np = None

# Where @hint keeps its text on a test method; results.py reads it back through hint_of().
HINT_ATTR = "_llmstudy_hint"


class ExerciseFailure(AssertionError):
    """An assertion failure that carries what a teacher would say, plus expected/actual text."""

    def __init__(self, message, expected=None, actual=None, where=None):
        super().__init__(message)
        self.expected = expected
        self.actual = actual
        self.where = where  # (file, line) in the learner's code, when the test knows it


def _where(fn):
    if fn is None:
        return None
    try:
        fn = inspect.unwrap(fn)
        return (os.path.abspath(inspect.getsourcefile(fn)), inspect.getsourcelines(fn)[1])
    except (TypeError, OSError):
        return None


def _fmt(x, digits=4):
    """Short text for a number: enough digits to see a difference, no more."""
    if isinstance(x, (bool, int)) or (np is not None and isinstance(x, np.integer)):
        return str(int(x))
    x = float(x)
    if math.isnan(x) or math.isinf(x):
        return str(x)
    return "{:.{}g}".format(x, digits)


def _pair(expected, actual):
    """Both numbers with enough digits that they do not print alike when they differ."""
    e, a = float(expected), float(actual)
    digits = 4
    if math.isinf(e) or math.isinf(a):
        return _fmt(e), _fmt(a)
    if math.isfinite(e) and math.isfinite(a) and e != a:
        scale = max(abs(e), abs(a))
        digits = min(12, max(4, int(math.ceil(math.log10(scale / abs(e - a)))) + 2))
    return _fmt(e, digits), _fmt(a, digits)


def _percent(share):
    p = 100.0 * share
    # 99.97% must not be printed as 100%: the learner would wonder why it failed.
    text = "{:.1f}".format(min(p, 99.9) if share < 1 else p)
    return text[:-2] if text.endswith(".0") else text


def _array_text(a):
    if np is None:
        return repr(a)
    return np.array2string(np.asarray(a), precision=4, threshold=64, edgeitems=3, suppress_small=True)


def _index_text(idx):
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


def _hint_for(actual, mistakes, atol, rtol):
    for candidate, text in mistakes:
        try:
            c = np.asarray(candidate(), dtype=np.float64) if callable(candidate) else np.asarray(candidate, dtype=np.float64)
            if c.shape == actual.shape and np.allclose(actual, c, atol=atol, rtol=rtol, equal_nan=True):
                return text
        except Exception:  # a broken candidate must never hide the real failure
            continue
    return None


# Tolerances for a value computed in float32 (about 7 significant digits) where precision is not
# the lesson: `assert_close(..., **FLOAT32)` accepts a float32 computation of a float64 answer.
FLOAT32 = {"atol": 1e-5, "rtol": 1e-5}
_F32_EPS = 1.1920929e-07


def _float32_rounding_only(a, expected, atol, rtol):
    """True when `a` misses the tolerance but agrees with `expected` as closely as a float32
    computation could: the learner's method is right and only the precision is short."""
    finite = np.isfinite(expected)
    if not np.array_equal(np.isfinite(a), finite) or not np.array_equal(a[~finite], expected[~finite]):
        return False
    if not finite.any():
        return False
    scale = max(float(np.abs(expected[finite]).max()), 1e-30)
    # Errors of a few hundred float32 ulps of the largest value: sums and products in float32
    # lose that much, a wrong formula loses far more.
    loose = 256 * _F32_EPS * scale
    tight = max(atol + rtol * scale, 0)
    return loose > tight and bool(np.all(np.abs(a[finite] - expected[finite]) <= loose))


def assert_dtype(name, actual, expected_dtype, hint=None, where=None):
    """Fail with "expected float16, got float32" (not a value mismatch) when the dtype differs."""
    loc = _where(where)
    want = np.dtype(expected_dtype)
    got = getattr(actual, "dtype", None)
    if got is None:
        raise ExerciseFailure("{}: expected a numpy array of {}, got a {}.".format(name, want.name, type(actual).__name__)
                              + (" Hint: " + hint if hint else ""), want.name, type(actual).__name__, loc)
    if np.dtype(got) != want:
        raise ExerciseFailure("{}: expected {}, got {}.".format(name, want.name, np.dtype(got).name)
                              + (" Hint: " + hint if hint else ""), want.name, np.dtype(got).name, loc)


def assert_close(name, actual, expected, atol=1e-5, rtol=0.0, hint=None, mistakes=(), where=None, nonfinite_hint=None,
                 precision_hint=None):
    """Fail with a teacher's message unless `actual` matches `expected` within `atol`.

    name:     what was called, as the learner would write it, e.g. "attention(q, k, v, mask)".
    hint:     said when the values are wrong and no known mistake explains them.
    mistakes: (wrong_answer, hint) pairs; when the learner's values equal a known wrong answer
              (an array, or a function computing one), that hint is given instead.
    where:    the learner's function under test, so the editor can point at it.
    nonfinite_hint: said instead of `hint` when some values are nan or inf.
    precision_hint: said instead of `hint` when the values agree to float32 rounding but the
              tolerance asks for more (a default names the precision; tests where float64 is
              the lesson can say why).
    """
    loc = _where(where)
    expected = np.asarray(expected, dtype=np.float64)
    exp_text = "shape {} {}".format(tuple(expected.shape), _array_text(expected))

    def fail(message, actual_text=None, extra_hint=None):
        h = extra_hint or hint
        raise ExerciseFailure(message + (" Hint: " + h if h else ""), exp_text, actual_text, loc)

    if actual is None:
        fail("{}: returned None. Did you forget to `return` the result?".format(name), "None")
    try:
        a = np.asarray(actual, dtype=np.float64)
    except (TypeError, ValueError):
        fail("{}: expected numbers of shape {}, got a {}.".format(name, tuple(expected.shape), type(actual).__name__),
             repr(actual)[:200])
    act_text = "shape {} {}".format(tuple(a.shape), _array_text(a))
    if a.shape != expected.shape:
        extra = None
        if a.ndim == 2 and a.shape == expected.shape[::-1]:
            extra = "the shape is transposed; check the order of a matrix product or a missing .T."
        elif a.size == expected.size:
            extra = "the right number of values in the wrong shape; check a reshape or transpose."
        fail("{}: expected shape {}, got shape {}.".format(name, tuple(expected.shape), tuple(a.shape)), act_text,
             _hint_for(a, mistakes, atol, rtol) or extra)
    ok = np.isclose(a, expected, atol=atol, rtol=rtol)
    if ok.all():
        return
    bad = np.argwhere(~ok)[0] if a.ndim else ()
    # -inf where -inf is expected (a masked logit) is a match, not an overflow.
    nonfinite = int((~np.isfinite(a) & ~ok).sum())
    both_finite = np.isfinite(a) & np.isfinite(expected)
    if (~ok & ~both_finite).any():
        max_err = "inf"
    else:
        max_err = _fmt(np.abs(a - expected)[both_finite].max())
    if rtol and atol:
        tolerance = "{:g} + {:g} relative".format(atol, rtol)
    elif rtol:
        tolerance = "{:g} relative".format(rtol)
    else:
        tolerance = "{:g}".format(atol)
    within = "within " + tolerance if atol or rtol else "exactly"
    if a.ndim == 0:
        e_text, a_text = _pair(expected, a)
        msg = "{}: expected {}, got {} ({}).".format(
            name, e_text, a_text, "tolerance " + tolerance if atol or rtol else "must be exact")
    else:
        e_text, a_text = _pair(expected[tuple(bad)], a[tuple(bad)])
        msg = "{}: shape OK {} but only {}% of values match {} (max abs error {}); " \
              "first mismatch at {}: expected {}, got {}.".format(
                  name, tuple(a.shape), _percent(ok.mean()), within, max_err, _index_text(bad), e_text, a_text)
    if nonfinite and not np.isinf(expected).any():
        msg += " {} value{} {} nan or inf: look for an overflow or a division by zero.".format(
            nonfinite, "" if nonfinite == 1 else "s", "is" if nonfinite == 1 else "are")
    elif nonfinite:
        msg += " {} value{} {} inf or nan where a number was expected.".format(
            nonfinite, "" if nonfinite == 1 else "s", "is" if nonfinite == 1 else "are")
    known = _hint_for(a, mistakes, atol, rtol)
    if known is None and not nonfinite and _float32_rounding_only(a, expected, atol, rtol):
        got32 = getattr(actual, "dtype", None) == np.float32
        msg += " Your values agree with the expected ones to float32 rounding{}: this test needs float64.".format(
            " (your result is float32)" if got32 else "")
        fail(msg, act_text, precision_hint or "compute in float64: np.asarray(x, dtype=np.float64) on the inputs, "
                                              "and no float32 arrays on the way.")
    fail(msg, act_text, known or (nonfinite_hint if nonfinite else None))


def assert_equal(name, actual, expected, hint=None, where=None, mistakes=()):
    """Exact comparison for ids, strings, lists and dicts, saying where they first differ.

    mistakes: (wrong_answer, hint) pairs, as for assert_close: when `actual` equals a known wrong
    answer, that hint is given instead of `hint`.
    """
    loc = _where(where)
    if actual == expected:
        return
    for wrong, text in mistakes:
        try:
            if actual == wrong:
                hint = text
                break
        except Exception:  # a comparison that cannot be made is no match
            continue
    msg = "{}: expected {}, got {}.".format(name, _short(expected), _short(actual))
    if isinstance(expected, (list, tuple, str)) and isinstance(actual, (list, tuple, str)):
        what = "characters" if isinstance(expected, str) else "items"
        first = next((i for i, (x, y) in enumerate(zip(expected, actual)) if x != y), min(len(expected), len(actual)))
        if len(expected) != len(actual):
            msg = "{}: expected {} {}, got {}; ".format(name, len(expected), what, len(actual))
        else:
            msg = "{}: ".format(name)
        if first < min(len(expected), len(actual)):
            msg += "first difference at index {}: expected {}, got {}.".format(first, _short(expected[first]), _short(actual[first]))
        else:
            msg += "they agree up to index {}.".format(first)
    elif isinstance(expected, dict) and isinstance(actual, dict):
        missing = [k for k in expected if k not in actual]
        extra = [k for k in actual if k not in expected]
        wrong = [k for k in expected if k in actual and actual[k] != expected[k]]
        parts = []
        if missing:
            parts.append("missing {}".format(_short(missing)))
        if extra:
            parts.append("unexpected {}".format(_short(extra)))
        if wrong:
            k = wrong[0]
            parts.append("{} wrong value{}, e.g. at {}: expected {}, got {}".format(
                len(wrong), "" if len(wrong) == 1 else "s", _short(k), _short(expected[k]), _short(actual[k])))
        msg = "{}: {}.".format(name, "; ".join(parts))
    raise ExerciseFailure(msg + (" Hint: " + hint if hint else ""), _short(expected, 2000), _short(actual, 2000), loc)


def _short(x, limit=80):
    text = repr(x)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def hint(text):
    """Decorator for a test method: a neutral hint (what the function must do, not a guess at the
    mistake) that is shown whatever goes wrong, also when the learner's code raises before any
    assertion could give its own hint.

        @hint("keep each token while the mass ABOVE it is below p")
        def test_crossing_token_kept(self): ...
    """
    def mark(fn):
        setattr(fn, HINT_ATTR, text)
        return fn
    return mark


def hint_of(test):
    """The @hint of a unittest test, or None."""
    method = getattr(test, getattr(test, "_testMethodName", ""), None)
    return getattr(method, HINT_ATTR, None)
