// Hostile markdown and the checks its rendered HTML must pass, shared by the tests of every place
// markdown becomes HTML: the renderer itself (markdown.test.ts) and the build step that renders
// the shipped lesson pages (prerender.test.ts).
import assert from 'node:assert/strict';
import { parseDocument } from 'htmlparser2';

export const HOSTILE = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="https://tracker.example/p.gif">',
  '![pixel](https://tracker.example/p.gif)',
  '![inline](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](  javascript:alert(1)) [d](java&#x09;script:alert(1))',
  '[e](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [f](vbscript:msgbox(1)) [g](file:///etc/passwd)',
  '<a href="javascript:alert(1)">x</a> <a href="jav&#x09;ascript:alert(1)">y</a> <a href="data:text/html,<script>alert(1)</script>">z</a>',
  '<a href="https://ok.example" onmouseover="alert(1)" style="position:fixed">fine link</a>',
  '<iframe src="https://www.youtube-nocookie.com/embed/abcdefghijk"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe><frame src=x><object data="x.swf"></object><embed src="x.swf">',
  '<svg onload="alert(1)"><script>alert(1)</script><a xlink:href="javascript:alert(1)"><text>t</text></a></svg>',
  '<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<div onclick="alert(1)" style="background:url(javascript:alert(1))">div</div>',
  '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">b</button><input onfocus=alert(1) autofocus></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><link rel="stylesheet" href="https://evil.example/x.css"><base href="https://evil.example/">',
  '<style>@import url(https://evil.example/x.css); body{background:url(https://evil.example/p)}</style>',
  '<details open ontoggle=alert(1)><summary>s</summary>d</details>',
  '<a data-nav="lesson:x" href="javascript:alert(1)">forged nav</a>',
  '$\\href{javascript:alert(1)}{click}$ and $\\url{javascript:alert(1)}$ and $\\htmlStyle{background:red}{x}$',
  '<span data-math="0-0"></span><video src=x onerror=alert(1)></video><audio src=x>',
  '```html\n<script>alert("in code is fine as text")</script>\n```',
];

export function attributesOf(html: string): { tag: string; name: string; value: string }[] {
  const out: { tag: string; name: string; value: string }[] = [];
  const walk = (n: { type?: string; name?: string; attribs?: Record<string, string>; children?: unknown[] }) => {
    if (n.attribs) for (const [name, value] of Object.entries(n.attribs)) out.push({ tag: n.name ?? '', name, value });
    for (const c of n.children ?? []) walk(c as typeof n);
  };
  walk(parseDocument(html) as never);
  return out;
}

export function tagsOf(html: string): Set<string> {
  const tags = new Set<string>();
  const walk = (n: { type?: string; name?: string; children?: unknown[] }) => {
    if (n.type === 'tag' || n.type === 'script' || n.type === 'style') tags.add(n.name!.toLowerCase());
    for (const c of n.children ?? []) walk(c as typeof n);
  };
  walk(parseDocument(html) as never);
  return tags;
}

/** Asserts that nothing active (script, handler, frame, remote load, style, non-http link) is in `html`. */
export function assertInert(html: string): void {
  const tags = tagsOf(html);
  for (const bad of ['script', 'iframe', 'frame', 'object', 'embed', 'img', 'style', 'meta', 'link', 'base', 'form', 'input', 'button',
    'foreignobject', 'video', 'audio', 'mglyph', 'image', 'use']) {
    assert.ok(!tags.has(bad), `<${bad}> survived`);
  }
  for (const a of attributesOf(html)) {
    assert.doesNotMatch(a.name, /^on/i, `event handler ${a.name} on <${a.tag}>`);
    assert.notEqual(a.name, 'style', `inline style on <${a.tag}>`);
    assert.notEqual(a.name, 'srcdoc');
    assert.ok(!['src', 'action', 'formaction', 'xlink:href', 'background', 'poster'].includes(a.name), `${a.name} on <${a.tag}>`);
    if (a.name === 'href') assert.match(a.value, /^(#|https?:\/\/)/, `href ${a.value}`);
    assert.doesNotMatch(a.value, /javascript:|vbscript:|data:text|data:image/i, `${a.name}=${a.value}`);
  }
  // The TeX source kept (as inert text) in MathML's <annotation> may spell anything; outside it, nothing may.
  assert.doesNotMatch(html.replace(/<annotation[^>]*>[^<]*<\/annotation>/g, ''), /<script|onerror|onload|javascript:|data:text|youtube-nocookie/i);
  // SVG is only allowed inside KaTeX's own output, and only as path drawings.
  for (const m of html.matchAll(/<svg[\s\S]*?<\/svg>/g)) assert.doesNotMatch(m[0], /<(?!\/?(svg|path|line)\b)/);
}

/** assertInert on `html` rendered from all the HOSTILE lines, and the harmless parts are kept. */
export function assertSafe(html: string): void {
  assertInert(html);
  // The harmless parts are kept: text, the https link, code shown as code.
  assert.match(html, /<a href="https:\/\/ok\.example"[^>]*>fine link<\/a>/);
  assert.match(html, /&lt;script&gt;alert\(.*in code is fine as text/);
}
