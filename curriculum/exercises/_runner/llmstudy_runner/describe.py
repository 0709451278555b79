# LLM Study's test runner: LLM Study replaces this file with its own version, so edits here do not last.
"""A failure or an exception, turned into what a teacher would say and where in the learner's code.

describe_error(exc_info) -> (status, message, fields): "failed" for a wrong answer (an assertion,
a function still raising NotImplementedError), "error" for code that crashed; fields carry the
file and line the editor points at, the expected/actual text and a traceback cut down to the
learner's and the tests' frames.
"""
import re
import traceback

from .asserts import ExerciseFailure
from .folder import is_learner_file, is_test_file, rel


def location(frames, exc=None):
    """(file, line, function, source) of the deepest frame in the learner's code, else in a test file."""
    if isinstance(exc, SyntaxError) and exc.filename and is_learner_file(exc.filename):
        return (exc.filename, exc.lineno or 1, None, (exc.text or "").strip())
    if isinstance(exc, ExerciseFailure) and exc.where:
        learner = [f for f in frames if is_learner_file(f.filename)]
        if not learner:
            return (exc.where[0], exc.where[1], None, None)
    for pick in (is_learner_file, is_test_file):
        matching = [f for f in frames if pick(f.filename)]
        if matching:
            f = matching[-1]
            return (f.filename, f.lineno, f.name, (f.line or "").strip())
    return None



def describe_error(err, memory_gib=0.0):
    """status, message, extra fields for an exc_info triple. memory_gib: the limit the run set, if any."""
    etype, exc, tb = err
    frames = traceback.extract_tb(tb)
    loc = location(frames, exc)
    fields = {}
    if loc:
        fields["file"], fields["line"] = rel(loc[0]), int(loc[1])
    where = " ({} line {}{})".format(rel(loc[0]), loc[1], ", in {}()".format(loc[2]) if loc[2] and loc[2] != "<module>" else "") if loc else ""

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
    trace = "".join(traceback.format_list([f for f in frames if is_learner_file(f.filename) or is_test_file(f.filename)]))
    if trace:
        fields["traceback"] = trace.rstrip()
    if isinstance(exc, SyntaxError) and loc:
        return "error", "SyntaxError: {}{}. Python could not read the file, so no test in it ran.".format(exc.msg, where), fields
    if isinstance(exc, ImportError) and str(exc).startswith("Failed to import test module"):
        return _describe_failed_import(str(exc))
    cause = exc
    while isinstance(cause, ImportError) and cause.__cause__ is not None:
        cause = cause.__cause__
    if isinstance(cause, MemoryError) and memory_gib:
        return "error", ("MemoryError: your code used more than {:g} GiB, the limit for a test run{}. Look for an array "
                         "much bigger than you meant (a shape like (n, n, n)?); set LLM_STUDY_MEMORY_GIB to allow more."
                         ).format(memory_gib, where), fields
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
        if is_learner_file(m.group(1)) or (loc is None and is_test_file(m.group(1))):
            loc = (m.group(1), int(m.group(2)))
    if loc:
        fields["file"], fields["line"] = rel(loc[0]), loc[1]
    where = " ({} line {})".format(rel(loc[0]), loc[1]) if loc else ""
    message = "{}{}. Python could not load the file, so none of its tests ran.".format(last, where)
    if "No module named 'numpy'" in last:
        message += " This Python has no numpy: install it (pip install numpy) or pick another interpreter."
    return "error", message, fields


