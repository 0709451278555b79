# LLM Study's test runner: LLM Study replaces this file with its own version, so edits here do not last.
"""The lines a run prints: the protocol the editor parses (src/exercises/results.ts), or plain text
for a person in a terminal. Changing a prefix or a field here changes that contract.

    LLMSTUDY_BEGIN  {"id", "name"}                 a test starts (so a hang can be placed)
    LLMSTUDY_RESULT {"id", "name", "status", "message", "duration_ms", ...}   a test finished
    LLMSTUDY_TEST   {"id", "name", "file"?, "line"?}                          --list: a test exists
    LLMSTUDY_ABORT  {"message", "file"?, "line"?}  no test can run (a shadowing file, a hang at import)
    N passed, N failed[, N skipped]                the last line of a run

What a test prints is captured and sent inside its record's "output" field; what code prints
while the test files load goes straight out, so the parser takes any line without trusting it.
"""
import json
import threading

RESULT_PREFIX = "LLMSTUDY_RESULT "
BEGIN_PREFIX = "LLMSTUDY_BEGIN "
TEST_PREFIX = "LLMSTUDY_TEST "
ABORT_PREFIX = "LLMSTUDY_ABORT "
# What a test printed is kept up to this many characters: enough to read, not enough to flood.
MAX_OUTPUT = 4000


class Reporter:
    """Writes the run's lines to the real stdout, one whole line at a time: the watchdog's thread
    may write while the main thread is in the middle of a test."""

    def __init__(self, out, human):
        self.out = out
        self.human = human
        self.lock = threading.Lock()

    def emit(self, prefix, record):
        with self.lock:
            if not self.human:
                self.out.write(prefix + json.dumps(record) + "\n")
            elif prefix == RESULT_PREFIX:
                self.out.write(human_text(record))
            elif prefix == TEST_PREFIX:
                self.out.write("{}  {}\n".format(record["id"], record["name"]))
            elif prefix == ABORT_PREFIX:
                self.out.write("STOPPED {}\n".format(record["message"]))
            self.out.flush()

    def summary(self, counts):
        self.write(summary_line(counts) + "\n")

    def write(self, text):
        with self.lock:
            self.out.write(text)
            self.out.flush()


def human_text(record):
    mark = {"passed": "PASS", "failed": "FAIL", "error": "ERROR", "skipped": "SKIP"}[record["status"]]
    text = "{:5} {}\n".format(mark, record["name"])
    if record["status"] != "passed":
        text += "".join("      {}\n".format(line) for line in record["message"].splitlines())
        if record.get("output"):
            text += "      printed:\n" + "".join("        {}\n".format(l) for l in record["output"].splitlines()[:20])
    return text


def summary_line(counts):
    line = "{} passed, {} failed".format(counts["passed"], counts["failed"] + counts["error"])
    return line + (", {} skipped".format(counts["skipped"]) if counts["skipped"] else "")
