# LLM Study's test runner: LLM Study replaces this file with its own version, so edits here do not last.
"""Where things are in an exercise folder: the learner's code, the test files, data and model files.

The runner is copied into the folder it runs (llmstudy_test.py, and this package beside it), so
the exercise folder is this package's parent.
"""
import os
import unittest

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNNER = os.path.join(HERE, "llmstudy_test.py")

# Modules the runner or the exercises import: a learner file with one of these names replaces it.
SHADOWED = ("numpy", "argparse", "inspect", "io", "json", "math", "random", "re", "resource", "threading", "time",
            "traceback", "unittest", "typing", "collections", "functools", "copy", "string", "types", "signal")


def is_learner_file(path):
    """A .py file of the learner's: in the exercise folder itself, neither a test nor the runner
    (whose package sits in a folder of its own, so its frames never count as the learner's)."""
    path = os.path.abspath(path)
    base = os.path.basename(path)
    return (os.path.dirname(path) == HERE and path != RUNNER and base.endswith(".py")
            and not base.startswith("test"))


def is_test_file(path):
    path = os.path.abspath(path)
    return os.path.dirname(path) == HERE and os.path.basename(path).startswith("test") and path.endswith(".py")


def rel(path):
    """A path as the learner sees it: relative to the exercise folder when inside it."""
    path = os.path.abspath(path)
    return os.path.relpath(path, HERE) if path.startswith(HERE + os.sep) else path


def shadowing_file():
    """A learner's file in this folder named like a module the runner or the tests import."""
    try:
        names = os.listdir(HERE)
    except OSError:
        return None
    return next((n for n in sorted(names) if n.endswith(".py") and n[:-3] in SHADOWED), None)


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
