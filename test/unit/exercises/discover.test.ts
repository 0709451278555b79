// Reading test files for the Testing view: ids must equal unittest's so results land on the items.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discoverTests, firstFunctionLine, resultTargets } from '../../../src/exercises/discover';

const file = `import unittest

class Helper:
    def test_not_a_test(self):
        pass


class TestSoftmax(unittest.TestCase):
    def test_rows(self):
        """softmax: rows sum to 1"""
        pass

    def helper(self):
        pass

    def test_large(
        self,
    ):
        '''large inputs stay finite'''

    def test_plain(self):
        x = 1


def test_module_level():
    pass
`;

test('discovers test methods of TestCase classes with unittest ids, docstring labels and lines', () => {
  const tests = discoverTests('sub/test_softmax.py', file);
  assert.deepEqual(tests.map((t) => [t.id, t.label, t.line]), [
    ['test_softmax.TestSoftmax.test_rows', 'softmax: rows sum to 1', 8],
    ['test_softmax.TestSoftmax.test_large', 'large inputs stay finite', 15],
    ['test_softmax.TestSoftmax.test_plain', 'plain', 20],
  ]);
});

test('the first function of a stub is where the lens goes', () => {
  assert.equal(firstFunctionLine('"""doc"""\nimport numpy as np\n\n\ndef softmax(x):\n    pass\n'), 4);
  assert.equal(firstFunctionLine('x = 1\n'), undefined);
});

test('import and fixture failures land on every test they stopped', () => {
  const known = ['test_a.TestX.test_1', 'test_a.TestX.test_2', 'test_a.TestY.test_3', 'test_b.TestZ.test_4'];
  assert.deepEqual(resultTargets('test_a.TestX.test_1', known), ['test_a.TestX.test_1']);
  assert.deepEqual(resultTargets('unittest.loader._FailedTest.test_a', known), known.slice(0, 3));
  assert.deepEqual(resultTargets('setUpClass (test_a.TestX)', known), known.slice(0, 2));
  assert.deepEqual(resultTargets('nothing', known), []);
});
