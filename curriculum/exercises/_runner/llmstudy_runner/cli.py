# LLM Study's test runner: LLM Study replaces this file with its own version, so edits here do not last.
"""The command line: which tests to run, in which order, and the run itself.

    python llmstudy_test.py [TEST_ID ...] [--list] [--timeout S] [--memory-gib G] [--files F ...]
                            [--format json|human]

Exit code: 0 when every test passed, 1 when one failed (or none was found), 2 when no test could
run at all (a file that shadows a module: see report.py's LLMSTUDY_ABORT).
"""
import argparse
import inspect
import os
import sys
import unittest

from . import watchdog
from .folder import HERE, RUNNER, is_test_file, rel, shadowing_file
from .report import ABORT_PREFIX, TEST_PREFIX, Reporter
from .results import Results, name_of


def parse_args(argv):
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
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    watchdog.mark_run()
    real_stdout, real_stderr = sys.stdout, sys.stderr
    reporter = Reporter(real_stdout, human=args.format == "human" or (args.format is None and real_stdout.isatty()))

    shadow = shadowing_file()
    if shadow:
        reporter.emit(ABORT_PREFIX, {"message": "your file {} shadows {}: rename it. Python imports it in place of the "
                                                "real {}, so no test can run.".format(shadow, shadow[:-3], shadow[:-3]),
                                     "file": shadow})
        return 2
    memory_gib = watchdog.limit_memory(args.memory_gib)
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    results = Results(reporter.emit, real_stdout, real_stderr, memory_gib)
    loaded = []  # filled once loading is done: the watchdog also covers a loop at import time
    if args.timeout > 0 and not args.list:
        watchdog.start_timer(args.timeout, results, loaded, reporter)
    tests = load(args.tests, args.files)
    loaded.extend(tests)

    if args.list:
        for t in tests:
            record = {"id": t.id(), "name": name_of(t)}
            file, line = location_of(t)
            if file:
                record["file"], record["line"] = file, line
            reporter.emit(TEST_PREFIX, record)
        reporter.write("{} tests\n".format(len(tests)))
        return 0

    # Run as a suite, not test by test: only a suite calls setUpClass and setUpModule.
    unittest.TestSuite(tests).run(results)
    results.finish(tests)
    sys.stdout, sys.stderr = real_stdout, real_stderr
    watchdog.kill_leftovers()
    reporter.summary(results.counts)
    if not tests:
        real_stderr.write("no tests found next to {}\n".format(RUNNER))
        return 1
    return 1 if results.counts["failed"] or results.counts["error"] else 0


def load(selected, files=()):
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


def location_of(test):
    """(file relative to the exercise folder, line) of a test method, or (None, None)."""
    method = getattr(test, test._testMethodName, None) if hasattr(test, "_testMethodName") else None
    try:
        file = inspect.getsourcefile(method)
        if file and is_test_file(file):
            return rel(file), inspect.getsourcelines(method)[1]
    except (TypeError, OSError):
        pass
    return None, None


def _flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from _flatten(t)
        else:
            yield t


def _source_order(test):
    file, line = location_of(test)
    return (file or "", line or 0, test.id())
