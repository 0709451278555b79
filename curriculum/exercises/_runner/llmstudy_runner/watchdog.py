# LLM Study's test runner: LLM Study replaces this file with its own version, so edits here do not last.
"""The limits of a run, so a learner's mistake ends in a message instead of a frozen editor:

    time:      an endless loop ends the run after --timeout seconds, saying which line it was on
    memory:    an (n, n, n) array fails its test with a MemoryError instead of the system killing
               the run (or the machine swapping)
    processes: what the learner's code started and left running is stopped when the run ends
"""
import os
import sys
import threading
import time
import traceback

# Imported here, while the exercise folder is not first on sys.path (see llmstudy_test.py), so a
# learner's resource.py is never what loads. Windows has no such module, and no memory limit.
resource = __import__("resource") if os.name == "posix" else None

from .describe import location
from .folder import rel
from .report import ABORT_PREFIX

# Fresh for every run (a runner started by a test must not share its parent's id): processes the
# learner's code starts inherit it, and /proc/<pid>/environ keeps it even if they change os.environ.
RUN_ID_VAR = "LLMSTUDY_RUNNER_ID"


def mark_run():
    os.environ[RUN_ID_VAR] = "{}-{}".format(os.getpid(), time.time())


def limit_memory(gib):
    """Caps this process's address space at `gib` GiB (never above a limit already set). Returns the
    limit in force, in GiB, or 0 when there is none we know of."""
    if resource is None or gib <= 0:
        return 0.0
    limit = int(gib * 2 ** 30)
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY and hard < limit:
            limit = hard
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        return resource.getrlimit(resource.RLIMIT_AS)[0] / 2 ** 30
    except (ValueError, OSError):
        return 0.0


def kill_leftovers():
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


def start_timer(seconds, results, tests, reporter):
    """A learner's endless loop must end the run with a message that says where it was looping.

    results: the run's results.Results (which test is running now); tests: the loaded tests, still
    empty while the test files are being imported (a loop at the top level of a file)."""
    main_thread = threading.main_thread()

    def fire():
        cur = results.current
        frame = sys._current_frames().get(main_thread.ident)
        frames = traceback.extract_stack(frame) if frame is not None else []
        loc = location(frames)
        if cur is None and not tests:
            fields = {}
            where = ""
            if loc:
                fields["file"], fields["line"] = rel(loc[0]), int(loc[1])
                where = "; it was running {} line {}{} (code at the top level of a file runs when the file is " \
                        "imported)".format(rel(loc[0]), loc[1], ": `{}`".format(loc[3]) if loc[3] else "")
            fields["message"] = "timed out after {:g} s while loading the tests{}. Is there a loop that never " \
                                "ends?".format(seconds, where)
            sys.stdout, sys.stderr = reporter.out, sys.__stderr__
            reporter.emit(ABORT_PREFIX, fields)
        if cur is not None:
            fields = {}
            where = ""
            if loc:
                fields["file"], fields["line"] = rel(loc[0]), int(loc[1])
                where = "; it was running {} line {}{}".format(rel(loc[0]), loc[1], ": `{}`".format(loc[3]) if loc[3] else "")
            message = "timed out after {:g} s{}. Is there a loop that never ends?".format(seconds, where)
            sys.stdout, sys.stderr = reporter.out, sys.__stderr__
            results.report(cur["test"], "error", message, fields, cur["t0"], cur["buffer"].getvalue())
        for t in tests:
            if t.id() not in results.reported:
                results.report(t, "skipped", "not run: the run timed out", {}, time.perf_counter())
        reporter.summary(results.counts)
        kill_leftovers()
        os._exit(1)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
