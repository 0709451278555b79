# LLM Study's test runner: LLM Study replaces this file with its own version, so edits here do not last.
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

This file is the runner's front door: the helpers test files import (`from llmstudy_test import
assert_close`) and the command above. The work is done by the package beside it,
llmstudy_runner/ (its __init__ lists what each part does); both are copied together.
"""
import os
import sys

# The script's folder comes first on sys.path, so a learner's numpy.py (or json.py...) would be
# imported in place of the real module and crash the runner before it can say anything. Load the
# runner (and with it numpy and the standard modules it uses) with that folder last; main() then
# tells the learner which file shadows what.
_HERE = os.path.dirname(os.path.abspath(__file__))
_PATH0 = sys.path.pop(0) if sys.path and os.path.abspath(sys.path[0] or ".") == _HERE else None
if _PATH0 is not None:
    sys.path.append(_PATH0)

# Exercise matrices are small: one BLAS thread is faster than several, and on a busy machine an
# OpenMP BLAS that spins its threads can be 50x slower. Only a default; the learner's setting wins.
# Set before numpy loads (test files import this module first for that reason).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

try:
    from llmstudy_runner.asserts import FLOAT32, ExerciseFailure, _where, assert_close, assert_dtype, assert_equal, hint
    from llmstudy_runner.folder import data_path, model_path
    from llmstudy_runner.cli import main
except ModuleNotFoundError as e:
    if not (e.name or "").startswith("llmstudy_runner"):
        raise
    # The package is LLM Study's, copied beside this file; a folder that lost it (a copy of this
    # file alone, a deleted folder) gets a message instead of a traceback.
    _MISSING = ("the runner's folder llmstudy_runner/ is missing beside {}: open the exercise again with "
                "\"LLM Study: Start Exercise\" to put it back (your files are kept).".format(os.path.abspath(__file__)))
    if __name__ != "__main__":
        raise ImportError(_MISSING) from None
    import json

    _FORMAT = sys.argv[sys.argv.index("--format") + 1] if "--format" in sys.argv[1:-1] else None
    _HUMAN = _FORMAT == "human" or (_FORMAT is None and sys.stdout.isatty())
    print("STOPPED " + _MISSING if _HUMAN else "LLMSTUDY_ABORT " + json.dumps({"message": _MISSING}))
    sys.exit(2)
finally:
    if _PATH0 is not None:
        del sys.path[len(sys.path) - 1 - sys.path[::-1].index(_PATH0)]  # the copy appended above
        sys.path.insert(0, _PATH0)

__all__ = ["ExerciseFailure", "FLOAT32", "assert_close", "assert_dtype", "assert_equal", "data_path", "hint", "model_path"]

if __name__ == "__main__":
    # Test files `import llmstudy_test`: let them have this module rather than load it a second time.
    sys.modules.setdefault("llmstudy_test", sys.modules[__name__])
    sys.exit(main())
