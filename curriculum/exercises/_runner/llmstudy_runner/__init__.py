# LLM Study's test runner: LLM Study replaces this file with its own version, so edits here do not last.
"""The parts of llmstudy_test.py, the runner of an exercise's tests. One job per module:

    asserts.py   what test files call: assert_close, assert_equal, assert_dtype, @hint, FLOAT32
    folder.py    where things are: the learner's files, the test files, data and model files
    describe.py  a failure or an exception turned into what a teacher would say, and where
    results.py   unittest's results collected per test (subtests, fixtures, printed output)
    report.py    the lines the editor reads (LLMSTUDY_RESULT ...), or plain text for a person
    watchdog.py  the limits of a run: time, memory, processes left running
    cli.py       the command line: which tests, in which order, and the run itself

LLM Study copies this folder beside llmstudy_test.py into every exercise folder and replaces it
when the extension brings a newer runner; it is not the learner's to edit. Run the tests with
`python llmstudy_test.py`, not through this package.
"""
