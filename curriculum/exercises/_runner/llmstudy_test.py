"""LLM Study test runner and test helpers (Python 3.9+, standard library + numpy).

Copied into every exercise folder. Run the exercise's tests with

    python llmstudy_test.py                      # every test_*.py next to this file
    python llmstudy_test.py test_attention       # one file (or Class, or Class.method)
    python llmstudy_test.py --list               # what tests exist, without running them
    python llmstudy_test.py --timeout 30         # stop a run that never ends and say where it was
    python llmstudy_test.py --memory-gib 2       # fail a test that uses more memory (default 2; 0: none)

Each finished test prints one line `LLMSTUDY_RESULT {json}`; the run ends with `N passed, N failed`
(plus `, N skipped` when tests were skipped). The exit code is 1 when any test failed. A run that
cannot run its tests at all (a file that shadows numpy, a loop while loading) prints one line
`LLMSTUDY_ABORT {json}` saying why. The editor reads these lines; they are also meant to be
readable by a person in a terminal.

The tests themselves are plain `unittest`, so `python -m unittest` and `pytest` also work.
"""
import os
import sys

# The script's folder comes first on sys.path, so a learner's numpy.py (or json.py...) would be
# imported in place of the real module and crash the runner before it can say anything. Import
# ours without that folder; main() then tells the learner which file shadows what.
_HERE_ON_PATH = bool(sys.path) and os.path.abspath(sys.path[0] or ".") == os.path.dirname(os.path.abspath(__file__))
if _HERE_ON_PATH:
    _PATH0 = sys.path.pop(0)

import argparse
import inspect
import io
import json
import math
import re
import threading
import time
import traceback
import unittest

# Exercise matrices are small: one BLAS thread is faster than several, and on a busy machine an
# OpenMP BLAS that spins its threads can be 50x slower. Only a default; the learner's setting wins.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

try:
    import numpy as np
except ImportError:  # the runner must still report something useful without numpy
    np = None
if _HERE_ON_PATH:
    sys.path.insert(0, _PATH0)

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.abspath(__file__)
RESULT_PREFIX = "LLMSTUDY_RESULT "
BEGIN_PREFIX = "LLMSTUDY_BEGIN "
TEST_PREFIX = "LLMSTUDY_TEST "
ABORT_PREFIX = "LLMSTUDY_ABORT "
MAX_OUTPUT = 4000
# Fresh for every run (a runner started by a test must not share its parent's id): processes the
# learner's code starts inherit it, and /proc/<pid>/environ keeps it even if they change os.environ.
RUN_ID_VAR = "LLMSTUDY_RUNNER_ID"
# Modules the runner or the exercises import: a learner file with one of these names replaces it.
SHADOWED = ("numpy", "argparse", "inspect", "io", "json", "math", "random", "re", "resource", "threading", "time",
            "traceback", "unittest", "typing", "collections", "functools", "copy", "string", "types", "signal")


# ---------------------------------------------------------------------------------------------
# Helpers for test files
# ---------------------------------------------------------------------------------------------

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
        fn._llmstudy_hint = text
        return fn
    return mark


def _test_hint(test):
    method = getattr(test, getattr(test, "_testMethodName", ""), None)
    return getattr(method, "_llmstudy_hint", None)


def data_path(filename, source=None):
    """Where a data file is: $LLM_STUDY_DATA (a folder, or the file itself), else this folder."""
    env = os.environ.get("LLM_STUDY_DATA")
    candidates = []
    if env:
        if os.path.isfile(env):
            return env
        candidates.append(os.path.join(env, filename))
    candidates += [os.path.join(HERE, filename), os.path.join(HERE, "data", filename)]
    for c in candidates:
        if os.path.isfile(c):
            return c
    where = "download it from {} ".format(source) if source else "put a copy "
    raise unittest.SkipTest("{} is missing: {}into this folder, or set LLM_STUDY_DATA to a folder that has it. "
                            "(Starting the exercise from LLM Study downloads it when you are online.)".format(filename, where))


def model_path(filename):
    """Where a file of the tiny GPT is: $LLM_STUDY_MODEL_DIR, else this folder (or ./model)."""
    env = os.environ.get("LLM_STUDY_MODEL_DIR")
    candidates = [os.path.join(env, filename)] if env else []
    candidates += [os.path.join(HERE, filename), os.path.join(HERE, "model", filename)]
    for c in candidates:
        if os.path.isfile(c):
            return c
    raise unittest.SkipTest("{} of the tiny GPT is not in this folder. LLM Study copies the model files here when it "
                            "sets up the exercise; copy them from the extension's media/model folder, or set "
                            "LLM_STUDY_MODEL_DIR to that folder.".format(filename))


# ---------------------------------------------------------------------------------------------
# The runner
# ---------------------------------------------------------------------------------------------

def _is_learner_file(path):
    path = os.path.abspath(path)
    base = os.path.basename(path)
    return (os.path.dirname(path) == HERE and path != RUNNER and base.endswith(".py")
            and not base.startswith("test"))


def _is_test_file(path):
    path = os.path.abspath(path)
    return os.path.dirname(path) == HERE and os.path.basename(path).startswith("test") and path.endswith(".py")


def _location(frames, exc=None):
    """(file, line, function, source) of the deepest frame in the learner's code, else in a test file."""
    if isinstance(exc, SyntaxError) and exc.filename and _is_learner_file(exc.filename):
        return (exc.filename, exc.lineno or 1, None, (exc.text or "").strip())
    if isinstance(exc, ExerciseFailure) and exc.where:
        learner = [f for f in frames if _is_learner_file(f.filename)]
        if not learner:
            return (exc.where[0], exc.where[1], None, None)
    for pick in (_is_learner_file, _is_test_file):
        matching = [f for f in frames if pick(f.filename)]
        if matching:
            f = matching[-1]
            return (f.filename, f.lineno, f.name, (f.line or "").strip())
    return None


def _rel(path):
    path = os.path.abspath(path)
    return os.path.relpath(path, HERE) if path.startswith(HERE + os.sep) else path


def _test_name(test):
    if type(test).__name__ == "_FailedTest":
        return "{}.py could not be loaded".format(test.id().split(".")[-1])
    doc = test.shortDescription() if hasattr(test, "shortDescription") else None
    if doc:
        return doc
    method = getattr(test, "_testMethodName", None)
    return method.replace("test_", "", 1).replace("_", " ") if method else str(test)


def _describe_error(err):
    """status, message, extra fields for an exc_info triple."""
    etype, exc, tb = err
    frames = traceback.extract_tb(tb)
    loc = _location(frames, exc)
    fields = {}
    if loc:
        fields["file"], fields["line"] = _rel(loc[0]), int(loc[1])
    where = " ({} line {}{})".format(_rel(loc[0]), loc[1], ", in {}()".format(loc[2]) if loc[2] and loc[2] != "<module>" else "") if loc else ""

    if isinstance(exc, ExerciseFailure):
        if exc.expected is not None:
            fields["expected"] = exc.expected
        if exc.actual is not None:
            fields["actual"] = exc.actual
        return "failed", str(exc), fields
    if isinstance(exc, AssertionError):
        return "failed", str(exc) or "assertion failed" + where, fields
    if isinstance(exc, NotImplementedError):
        fn = loc[2] if loc and loc[2] and loc[2] != "<module>" else "this function"
        return "failed", "{}() is not written yet: it still raises NotImplementedError{}.".format(fn, where), fields
    trace = "".join(traceback.format_list([f for f in frames if _is_learner_file(f.filename) or _is_test_file(f.filename)]))
    if trace:
        fields["traceback"] = trace.rstrip()
    if isinstance(exc, SyntaxError) and loc:
        return "error", "SyntaxError: {}{}. Python could not read the file, so no test in it ran.".format(exc.msg, where), fields
    if isinstance(exc, ImportError) and str(exc).startswith("Failed to import test module"):
        return _describe_failed_import(str(exc))
    cause = exc
    while isinstance(cause, ImportError) and cause.__cause__ is not None:
        cause = cause.__cause__
    if isinstance(cause, MemoryError) and _memory_limit_gib:
        return "error", ("MemoryError: your code used more than {:g} GiB, the limit for a test run{}. Look for an array "
                         "much bigger than you meant (a shape like (n, n, n)?); set LLM_STUDY_MEMORY_GIB to allow more."
                         ).format(_memory_limit_gib, where), fields
    text = "{}: {}".format(type(cause).__name__, cause)
    if type(cause).__name__ == "ModuleNotFoundError" and getattr(cause, "name", None) == "numpy":
        text += ". This Python has no numpy: install it (pip install numpy) or pick another interpreter."
    return "error", text + where + _generic_hint(text), fields


# Common numpy errors, with what a teacher would ask next.
_GENERIC_HINTS = [
    (("matmul", "mismatch"), "the inner sizes of a matrix product must agree, [a, k] @ [k, b]; "
                             "print the operands' .shape just before this line (is a .T missing or extra?)."),
    (("could not be broadcast",), "numpy could not line up these shapes; keepdims=True on a sum, max or mean "
                                  "usually keeps them compatible."),
    (("cannot reshape",), "a reshape must keep the total number of values."),
    (("NoneType",), "something is None: did a function forget to `return` its result?"),
    (("out of bounds",), "an index is past the end of an axis; check which axis you index and its size."),
    (("recursion depth",), "a function keeps calling itself; check that the recursion stops."),
]


def _generic_hint(text):
    for needles, hint in _GENERIC_HINTS:
        if all(n in text for n in needles):
            return " Hint: " + hint
    return ""


def _describe_failed_import(text):
    """unittest keeps only the text of an import failure; read the learner's line back out of it."""
    lines = [l for l in text.rstrip().splitlines() if l.strip()]
    last = lines[-1].strip() if lines else "ImportError"
    fields = {"traceback": text}
    loc = None
    for m in re.finditer(r'File "([^"]+)", line (\d+)', text):
        if _is_learner_file(m.group(1)) or (loc is None and _is_test_file(m.group(1))):
            loc = (m.group(1), int(m.group(2)))
    if loc:
        fields["file"], fields["line"] = _rel(loc[0]), loc[1]
    where = " ({} line {})".format(_rel(loc[0]), loc[1]) if loc else ""
    message = "{}{}. Python could not load the file, so none of its tests ran.".format(last, where)
    if "No module named 'numpy'" in last:
        message += " This Python has no numpy: install it (pip install numpy) or pick another interpreter."
    return "error", message, fields


class _Results(unittest.TestResult):
    def __init__(self, emit, real_stdout, real_stderr):
        super().__init__()
        self.emit = emit
        self.real_stdout, self.real_stderr = real_stdout, real_stderr
        self.current = None
        self.counts = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
        self.reported = set()
        self.fixture_failures = []

    def startTest(self, test):
        super().startTest(test)
        self.current = {"test": test, "t0": time.perf_counter(), "outcomes": [], "buffer": io.StringIO()}
        self.emit(BEGIN_PREFIX, {"id": test.id(), "name": _test_name(test)})
        sys.stdout = sys.stderr = self.current["buffer"]

    def stopTest(self, test):
        sys.stdout, sys.stderr = self.real_stdout, self.real_stderr
        cur, self.current = self.current, None
        if cur is None:
            return
        outcomes = cur["outcomes"] or [("passed", "", {})]
        # The worst outcome of the test (and its subtests) is the test's result.
        rank = {"error": 3, "failed": 2, "skipped": 1, "passed": 0}
        status, message, fields = max(outcomes, key=lambda o: rank[o[0]])
        if len(outcomes) > 1 and status in ("failed", "error"):
            bad = [o for o in outcomes if o[0] in ("failed", "error")]
            if len(bad) > 1:
                message += " ({} cases failed)".format(len(bad))
        self._report(test, status, message, fields, cur["t0"], cur["buffer"].getvalue())

    def _report(self, test, status, message, fields, t0, output=""):
        record = {"id": test.id(), "name": _test_name(test), "status": status, "message": message}
        record.update(fields)
        record["duration_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        if output:
            record["output"] = output if len(output) <= MAX_OUTPUT else output[:MAX_OUTPUT] + "\n... (output cut)"
        self.counts[status] += 1
        self.reported.add(test.id())
        self.emit(RESULT_PREFIX, record)

    def _add(self, test, status, message="", fields=None):
        if self.current is not None and self.current["test"] is test:
            self.current["outcomes"].append((status, message, fields or {}))
        else:
            # A setUpClass/setUpModule (or tearDown...) failure arrives as an _ErrorHolder, without
            # startTest. Its tests never run; finish() reports each of them with this outcome.
            description = getattr(test, "description", str(test))
            scope = description[description.find("(") + 1:description.rfind(")")] if "(" in description else description
            self.fixture_failures.append((scope, description.split(" ")[0], status, message, fields or {}, test))

    def finish(self, tests):
        """Report the tests a failed class or module fixture kept from running, under their own ids."""
        for t in tests:
            if t.id() in self.reported:
                continue
            for scope, fixture, status, message, fields, _ in self.fixture_failures:
                if t.id() == scope or t.id().startswith(scope + "."):
                    text = message if status == "skipped" else "{} failed, so this test did not run: {}".format(fixture, message)
                    self._report(t, status, text, fields, time.perf_counter())
                    break
        for scope, fixture, status, message, fields, holder in self.fixture_failures:
            if fixture.startswith("tearDown"):  # its tests already ran; the failure still has to show
                self._report(holder, status, "{} failed: {}".format(fixture, message), fields, time.perf_counter())

    def addSuccess(self, test):
        super().addSuccess(test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._add(test, *self._with_hint(test, *_describe_error(err)))

    def addError(self, test, err):
        super().addError(test, err)
        self._add(test, *self._with_hint(test, *_describe_error(err)))

    @staticmethod
    def _with_hint(test, status, message, fields):
        """The test's @hint, also when the learner's code raised. An assertion's own hint (a known
        mistake, or the check's hint) stays alone; after a generic hint for a numpy error, the
        test's comes second."""
        text = _test_hint(test)
        if not text:
            return status, message, fields
        if status == "failed" and " Hint: " in message:
            return status, message, fields
        joiner = " Also: " if " Hint: " in message else " Hint: "
        return status, message + joiner + text, fields

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._add(test, "skipped", reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._add(test, "failed", "expected to fail, but passed")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            status, message, fields = self._with_hint(test, *_describe_error(err))
            self._add(test, status, "{}: {}".format(subtest._subDescription().strip("()[] "), message), fields)


def _flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from _flatten(t)
        else:
            yield t


def _load(selected, files=()):
    """The tests to run. `files` names the exercise's own test files: a learner's scratch test.py
    beside them is then neither imported nor counted."""
    loader = unittest.TestLoader()
    if files:
        tests = []
        for name in files:
            tests += _flatten(loader.discover(HERE, pattern=os.path.basename(name), top_level_dir=HERE))
    else:
        tests = list(_flatten(loader.discover(HERE, pattern="test*.py", top_level_dir=HERE)))
    # Source order, not unittest's alphabetical order: tests are written to follow the stub top-down.
    tests.sort(key=_source_order)
    if selected:
        tests = [t for t in tests if any(t.id() == s or t.id().startswith(s + ".") for s in selected)
                 or any(s.startswith(t.id() + ".") for s in selected)]  # a failed import stands for its tests
    return tests


def _source_order(test):
    file, line = _test_location(test)
    return (file or "", line or 0, test.id())


def _test_location(test):
    method = getattr(test, test._testMethodName, None) if hasattr(test, "_testMethodName") else None
    try:
        file = inspect.getsourcefile(method)
        if file and _is_test_file(file):
            return _rel(file), inspect.getsourcelines(method)[1]
    except (TypeError, OSError):
        pass
    return None, None


def _human(record):
    mark = {"passed": "PASS", "failed": "FAIL", "error": "ERROR", "skipped": "SKIP"}[record["status"]]
    text = "{:5} {}\n".format(mark, record["name"])
    if record["status"] != "passed":
        text += "".join("      {}\n".format(line) for line in record["message"].splitlines())
        if record.get("output"):
            text += "      printed:\n" + "".join("        {}\n".format(l) for l in record["output"].splitlines()[:20])
    return text


def _summary(counts):
    line = "{} passed, {} failed".format(counts["passed"], counts["failed"] + counts["error"])
    return line + (", {} skipped".format(counts["skipped"]) if counts["skipped"] else "")


def _shadowing_file():
    """A learner's file in this folder named like a module the runner or the tests import."""
    try:
        names = os.listdir(HERE)
    except OSError:
        return None
    return next((n for n in sorted(names) if n.endswith(".py") and n[:-3] in SHADOWED), None)


_memory_limit_gib = 0.0


def _limit_memory(gib):
    """A learner's (n, n, n) array must fail that test with a MemoryError, not get the whole run
    killed by the system (or freeze the machine while it swaps)."""
    global _memory_limit_gib
    try:
        import resource
    except ImportError:  # Windows
        return
    if gib <= 0:
        return
    limit = int(gib * 2 ** 30)
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY and hard < limit:
            limit = hard
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        _memory_limit_gib = resource.getrlimit(resource.RLIMIT_AS)[0] / 2 ** 30
    except (ValueError, OSError):
        pass


def _kill_leftovers():
    """Processes the learner's code started and left running (even in their own session, which our
    process group does not reach) would keep the editor's pipe open: find them by the run id they
    inherited and stop them. Linux only (/proc); elsewhere the editor kills the process group."""
    marker = "{}={}".format(RUN_ID_VAR, os.environ.get(RUN_ID_VAR, "")).encode()
    if not os.environ.get(RUN_ID_VAR) or not os.path.isdir("/proc"):
        return
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open("/proc/{}/environ".format(entry), "rb") as f:
                if marker in f.read().split(b"\0"):
                    os.kill(int(entry), 9)
        except (OSError, ValueError):
            continue


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run this exercise's tests.")
    parser.add_argument("tests", nargs="*", help="test ids to run (module, module.Class or module.Class.method)")
    parser.add_argument("--list", action="store_true", help="list the tests without running them")
    parser.add_argument("--timeout", type=float, default=float(os.environ.get("LLM_STUDY_TIMEOUT", "0") or 0),
                        help="stop the run after this many seconds (0: never)")
    parser.add_argument("--format", choices=("json", "human"), default=None,
                        help="json lines for the editor, or plain text (the default in a terminal)")
    parser.add_argument("--files", nargs="+", default=[], metavar="FILE",
                        help="only these test files (the exercise's own), not every test*.py here")
    parser.add_argument("--memory-gib", type=float, default=float(os.environ.get("LLM_STUDY_MEMORY_GIB", "2") or 0),
                        help="fail a test that uses more memory than this (0: no limit)")
    args = parser.parse_args(argv)
    os.environ[RUN_ID_VAR] = "{}-{}".format(os.getpid(), time.time())

    real_stdout, real_stderr = sys.stdout, sys.stderr
    lock = threading.Lock()
    human = args.format == "human" or (args.format is None and real_stdout.isatty())

    def emit(prefix, record):
        with lock:
            if not human:
                real_stdout.write(prefix + json.dumps(record) + "\n")
            elif prefix == RESULT_PREFIX:
                real_stdout.write(_human(record))
            elif prefix == TEST_PREFIX:
                real_stdout.write("{}  {}\n".format(record["id"], record["name"]))
            elif prefix == ABORT_PREFIX:
                real_stdout.write("STOPPED {}\n".format(record["message"]))
            real_stdout.flush()

    shadow = _shadowing_file()
    if shadow:
        emit(ABORT_PREFIX, {"message": "your file {} shadows {}: rename it. Python imports it in place of the real {}, "
                                       "so no test can run.".format(shadow, shadow[:-3], shadow[:-3]), "file": shadow})
        return 2
    _limit_memory(args.memory_gib)
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    # Test files import this file as `llmstudy_test`; without this alias they would get a second
    # copy whose ExerciseFailure is a different class from the one the runner checks for.
    sys.modules.setdefault("llmstudy_test", sys.modules[__name__])
    results = _Results(emit, real_stdout, real_stderr)
    loaded = []  # filled once loading is done: the watchdog also covers a loop at import time
    if args.timeout > 0 and not args.list:
        _start_watchdog(args.timeout, results, loaded, emit, lock, real_stdout)
    tests = _load(args.tests, args.files)
    loaded.extend(tests)

    if args.list:
        for t in tests:
            record = {"id": t.id(), "name": _test_name(t)}
            file, line = _test_location(t)
            if file:
                record["file"], record["line"] = file, line
            emit(TEST_PREFIX, record)
        real_stdout.write("{} tests\n".format(len(tests)))
        return 0

    # Run as a suite, not test by test: only a suite calls setUpClass and setUpModule.
    unittest.TestSuite(tests).run(results)
    results.finish(tests)
    sys.stdout, sys.stderr = real_stdout, real_stderr
    _kill_leftovers()
    with lock:
        real_stdout.write(_summary(results.counts) + "\n")
        real_stdout.flush()
    if not tests:
        real_stderr.write("no tests found next to {}\n".format(RUNNER))
        return 1
    return 1 if results.counts["failed"] or results.counts["error"] else 0


def _start_watchdog(seconds, results, tests, emit, lock, real_stdout):
    """A learner's endless loop must end the run with a message that says where it was looping."""
    main_thread = threading.main_thread()

    def fire():
        cur = results.current
        frame = sys._current_frames().get(main_thread.ident)
        frames = traceback.extract_stack(frame) if frame is not None else []
        loc = _location(frames)
        if cur is None and not tests:
            fields = {}
            where = ""
            if loc:
                fields["file"], fields["line"] = _rel(loc[0]), int(loc[1])
                where = "; it was running {} line {}{} (code at the top level of a file runs when the file is " \
                        "imported)".format(_rel(loc[0]), loc[1], ": `{}`".format(loc[3]) if loc[3] else "")
            fields["message"] = "timed out after {:g} s while loading the tests{}. Is there a loop that never " \
                                "ends?".format(seconds, where)
            sys.stdout, sys.stderr = real_stdout, sys.__stderr__
            emit(ABORT_PREFIX, fields)
        if cur is not None:
            fields = {}
            where = ""
            if loc:
                fields["file"], fields["line"] = _rel(loc[0]), int(loc[1])
                where = "; it was running {} line {}{}".format(_rel(loc[0]), loc[1], ": `{}`".format(loc[3]) if loc[3] else "")
            message = "timed out after {:g} s{}. Is there a loop that never ends?".format(seconds, where)
            sys.stdout, sys.stderr = real_stdout, sys.__stderr__
            results._report(cur["test"], "error", message, fields, cur["t0"], cur["buffer"].getvalue())
        for t in tests:
            if t.id() not in results.reported:
                results._report(t, "skipped", "not run: the run timed out", {}, time.perf_counter())
        with lock:
            real_stdout.write(_summary(results.counts) + "\n")
            real_stdout.flush()
        _kill_leftovers()
        os._exit(1)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()


if __name__ == "__main__":
    sys.exit(main())
