# LLM Study's test runner: LLM Study replaces this file with its own version, so edits here do not last.
"""unittest's results, collected per test and reported as one record each.

A test's worst outcome (over its subtests) is its result; what it printed is captured into the
record; a test kept from running by a failed setUpClass/setUpModule is still reported under its
own id, so the editor never shows it as "not run" without saying why.
"""
import io
import sys
import time
import unittest

from .asserts import hint_of
from .describe import describe_error
from .report import BEGIN_PREFIX, MAX_OUTPUT, RESULT_PREFIX


def name_of(test):
    """What a test checks, in words: its docstring, else its method name spelled out."""
    if type(test).__name__ == "_FailedTest":
        return "{}.py could not be loaded".format(test.id().split(".")[-1])
    doc = test.shortDescription() if hasattr(test, "shortDescription") else None
    if doc:
        return doc
    method = getattr(test, "_testMethodName", None)
    return method.replace("test_", "", 1).replace("_", " ") if method else str(test)


class Results(unittest.TestResult):
    """emit(prefix, record) writes a protocol line (report.Reporter.emit); memory_gib is the run's
    memory limit, named in the message of a MemoryError."""

    def __init__(self, emit, real_stdout, real_stderr, memory_gib=0.0):
        super().__init__()
        self.memory_gib = memory_gib
        self.emit = emit
        self.real_stdout, self.real_stderr = real_stdout, real_stderr
        self.current = None
        self.counts = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
        self.reported = set()
        self.fixture_failures = []

    def startTest(self, test):
        super().startTest(test)
        self.current = {"test": test, "t0": time.perf_counter(), "outcomes": [], "buffer": io.StringIO()}
        self.emit(BEGIN_PREFIX, {"id": test.id(), "name": name_of(test)})
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
        self.report(test, status, message, fields, cur["t0"], cur["buffer"].getvalue())

    def report(self, test, status, message, fields, t0, output=""):
        record = {"id": test.id(), "name": name_of(test), "status": status, "message": message}
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
                    self.report(t, status, text, fields, time.perf_counter())
                    break
        for scope, fixture, status, message, fields, holder in self.fixture_failures:
            if fixture.startswith("tearDown"):  # its tests already ran; the failure still has to show
                self.report(holder, status, "{} failed: {}".format(fixture, message), fields, time.perf_counter())

    def addSuccess(self, test):
        super().addSuccess(test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._add(test, *self._with_hint(test, *describe_error(err, self.memory_gib)))

    def addError(self, test, err):
        super().addError(test, err)
        self._add(test, *self._with_hint(test, *describe_error(err, self.memory_gib)))

    @staticmethod
    def _with_hint(test, status, message, fields):
        """The test's @hint, also when the learner's code raised. An assertion's own hint (a known
        mistake, or the check's hint) stays alone; after a generic hint for a numpy error, the
        test's comes second."""
        text = hint_of(test)
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
            status, message, fields = self._with_hint(test, *describe_error(err, self.memory_gib))
            self._add(test, status, "{}: {}".format(subtest._subDescription().strip("()[] "), message), fields)

