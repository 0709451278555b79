"""The live protocol between train.py and the editor's training view (src/training/process.ts).

Every event is one stdout line: `LLMSTUDY_TRAIN ` + a JSON object with a "kind":
  start  {"kind", "step", "steps", "params", "config", "data", "data_chars", "vocab_size", "resumed"}
  step   {"kind", "step", "train_loss", "val_loss"?, "tokens_per_s", "eta_s", "lr", "sample"?,
          "heads": {"prev_token": [[..]], "induction": [[..]]}?, "replay"?}
  ckpt   {"kind", "step", "path"}
  done   {"kind", "step", "ckpt", "train_loss", "val_loss", "seconds"}
  error  {"kind", "message"}
Other lines (progress for people) go to stderr when live, so stdout stays parseable. Values that
are not finite become null: a NaN would make the line invalid JSON and the view would drop it.
"""

import json
import math
import sys

PREFIX = "LLMSTUDY_TRAIN "


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


class LiveLog:
    def __init__(self, enabled):
        self.enabled = enabled

    def emit(self, kind, **fields):
        if self.enabled:
            line = json.dumps(_finite({"kind": kind, **fields}), allow_nan=False, separators=(",", ":"))
            _write_line(sys.stdout, PREFIX + line)

    def say(self, text):
        # For people: stdout when run by hand, stderr under the view.
        _write_line(sys.stderr if self.enabled else sys.stdout, text)


def _write_line(stream, text):
    # One write, newline included: print() writes the text and its end apart, and with unbuffered
    # output (PYTHONUNBUFFERED=1) another process sharing the pipe could write between the two.
    stream.write(text + "\n")
    stream.flush()


def parse_line(line):
    """The event of one stdout line, or None for a line that is not one (tests and tools)."""
    if not line.startswith(PREFIX):
        return None
    return json.loads(line[len(PREFIX):])
