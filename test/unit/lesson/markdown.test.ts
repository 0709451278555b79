import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderInline, renderMarkdown } from '../../../src/lesson/markdown';
import { sanitizeContent } from '../../../src/lesson/sanitize';
import type { NavTarget } from '../../../src/shared/protocols/lesson';
import { assertSafe, HOSTILE } from './hostile';

test('hostile markdown: no script, handler, frame, remote load, style or non-http link survives', () => {
  assertSafe(renderMarkdown(HOSTILE.join('\n\n'), { navExists: () => true }));
});

test('sanitizeContent alone strips what markdown would pass through as raw HTML', () => {
  const out = sanitizeContent('<p onclick="x()">hi<script>bad()</script><svg><script>alert(1)</script></svg><iframe src="https://evil"></iframe></p>');
  assert.equal(out, '<p>hi</p>');
});

test('maths: $…$ inline and $$…$$ display render with KaTeX (MathML for screen readers), prices stay text', () => {
  const html = renderMarkdown('Softmax $p_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$ costs $5 and $6.\n\n$$\n\\mathrm{LN}(x) = \\gamma \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}} + \\beta\n$$\n');
  assert.match(html, /<span class="katex">/);
  assert.match(html, /<div class="math-display"><span class="katex-display">/);
  assert.match(html, /<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML"/);
  assert.match(html, /<annotation encoding="application\/x-tex">\\mathrm\{LN\}/);
  assert.match(html, /costs \$5 and \$6\./);
  assert.match(html, /data-kx="height:/, 'KaTeX layout styles travel as data-kx for the CSP');
  assert.doesNotMatch(html, / style="/);
  assert.match(html, /<svg[^>]*><path d="/, 'the square root keeps its SVG');
});

test('a broken formula shows as an error, not an exception', () => {
  const html = renderMarkdown('Bad: $\\frac{1}{$ and $\\undefinedmacro{x}$');
  assert.match(html, /katex-error|\\undefinedmacro/);
});

test('code blocks are highlighted for known languages and escaped for others', () => {
  const html = renderMarkdown('```python\ndef softmax(x):\n    return np.exp(x) / np.exp(x).sum()  # rows\n```\n\n```weird\n<b>x</b>\n```');
  assert.match(html, /<code class="hljs language-python"><span class="hljs-keyword">def<\/span>/);
  assert.match(html, /<span class="hljs-comment"># rows<\/span>/);
  assert.match(html, /<pre><code>&lt;b&gt;x&lt;\/b&gt;/);
});

test('in-editor links become data-nav anchors when the target exists, plain text otherwise', () => {
  const exists = (t: NavTarget) => t.kind === 'lesson' || (t.kind === 'playground' && t.id === 'attention');
  const html = renderMarkdown('[next](lesson:self-attention), [build it](exercise:attention), [see it](playground:attention), [web](https://example.com/a?b=1&c=2)', { navExists: exists });
  assert.match(html, /<a href="#" class="nav-link nav-lesson" data-nav="lesson:self-attention">next<\/a>/);
  assert.match(html, /<span class="nav-missing" title="Not available yet">build it<\/span>/);
  assert.match(html, /data-nav="playground:attention"/);
  assert.match(html, /<a href="https:\/\/example.com\/a\?b=1&amp;c=2" class="external"/);
});

test('renderInline gives no paragraph wrapper', () => {
  assert.equal(renderInline('**Why** $\\sqrt{d_k}$?').startsWith('<strong>Why</strong> <span class="katex">'), true);
});
