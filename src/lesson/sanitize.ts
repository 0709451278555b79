// Allowlist sanitising of everything the lesson webview shows as HTML. Two policies: one for
// markdown (curriculum text, learner notes), one for KaTeX's generated maths. Raw HTML in
// markdown therefore can never carry SVG or MathML, scripts, handlers, frames, or non-http links.
import sanitizeHtml from 'sanitize-html';

/** Tags whose text is dropped along with the tag (the default keeps the text of unknown tags). */
const DROP_WITH_CONTENT = [
  'script', 'style', 'textarea', 'option', 'select', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed',
  'svg', 'math', 'template', 'title', 'head', 'noembed', 'xmp', 'form', 'button', 'video', 'audio', 'canvas',
];

const CONTENT: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'em', 'strong', 'del',
    'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'div', 'details', 'summary', 'sup', 'sub', 'kbd',
    'dl', 'dt', 'dd', 'b', 'i', 's', 'mark', 'abbr',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'class', 'data-nav'],
    span: ['class', 'title', 'data-math'],
    div: ['class'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
    abbr: ['title'],
  },
  allowedClasses: {
    a: ['external', 'nav-link', 'nav-lesson', 'nav-module', 'nav-exercise', 'nav-playground'],
    span: ['hljs-*', '*_', 'nav-missing', 'image-alt'],
    code: ['hljs', 'language-*'],
    div: ['math-display', 'callout'],
  },
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'action', 'formaction', 'xlink:href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: DROP_WITH_CONTENT,
  enforceHtmlBoundary: false,
};

const MATHML = [
  'math', 'semantics', 'annotation', 'mrow', 'mi', 'mn', 'mo', 'ms', 'mspace', 'mtext', 'msup', 'msub', 'msubsup', 'mfrac',
  'msqrt', 'mroot', 'mover', 'munder', 'munderover', 'mtable', 'mtr', 'mtd', 'mstyle', 'mpadded', 'mphantom', 'menclose',
];
const MATHML_ATTRS = [
  'mathvariant', 'stretchy', 'fence', 'separator', 'lspace', 'rspace', 'accent', 'accentunder', 'columnalign', 'columnlines',
  'rowspacing', 'columnspacing', 'rowlines', 'displaystyle', 'scriptlevel', 'width', 'height', 'depth', 'voffset',
  'linethickness', 'minsize', 'maxsize', 'movablelimits', 'notation', 'largeop', 'symmetric', 'mathcolor',
];

const MATH: sanitizeHtml.IOptions = {
  allowedTags: ['span', 'svg', 'path', 'line', ...MATHML],
  allowedAttributes: {
    span: ['class', 'aria-hidden', 'title', 'data-kx'],
    svg: ['xmlns', 'width', 'height', 'viewbox', 'preserveaspectratio', 'data-kx'],
    path: ['d'],
    line: ['x1', 'y1', 'x2', 'y2', 'stroke-width'],
    math: ['xmlns', 'display'],
    annotation: ['encoding'],
    ...Object.fromEntries(MATHML.filter((t) => t !== 'math' && t !== 'annotation').map((t) => [t, MATHML_ATTRS])),
  },
  allowedSchemes: [],
  allowedSchemesAppliedToAttributes: ['href', 'src', 'xlink:href'],
  disallowedTagsMode: 'discard',
  nonTextTags: DROP_WITH_CONTENT.filter((t) => t !== 'svg' && t !== 'math'),
};

export function sanitizeContent(html: string): string {
  return sanitizeHtml(html, CONTENT);
}

/**
 * KaTeX positions glyphs with inline `style` attributes, which the panel's CSP (no
 * 'unsafe-inline' styles) would block. They travel as `data-kx` instead and the webview applies
 * the few properties KaTeX uses through the CSSOM (see katexStyle.ts), value-checked.
 */
export function sanitizeMath(html: string): string {
  return sanitizeHtml(html.replace(/\sstyle="([^"]*)"/g, ' data-kx="$1"'), MATH);
}
