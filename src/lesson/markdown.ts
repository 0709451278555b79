// Markdown to safe HTML for the lesson webview, in the host: marked for the text, KaTeX for
// $…$ and $$…$$, highlight.js for code, then sanitize.ts. Pure (no `vscode`), unit-tested with
// hostile input. In-editor links (`lesson:id`, `module:id`, `exercise:id`, `playground:preset`, `training:preset`)
// become data-nav anchors when the target exists, plain text otherwise.
import { Marked, type Tokens, type TokenizerAndRendererExtension } from 'marked';
import katex from 'katex';
import { randomBytes } from 'node:crypto';
import { highlight } from './highlight';
import { parseNavHref, type NavTarget } from '../shared/protocols/lesson';
import { sanitizeContent, sanitizeMath } from './sanitize';

export interface RenderOptions {
  /** Whether an in-editor link target exists now; missing targets render as plain text. */
  navExists?: (target: NavTarget) => boolean;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const isHttp = (href: string) => /^https?:\/\/[^\s]+$/i.test(href.trim());

interface MathToken extends Tokens.Generic {
  type: 'mathBlock' | 'mathInline';
  text: string;
  display: boolean;
}

/** Formulas repeat within and across lessons ($d_k$, softmax): KaTeX is the slow part of a page. */
const formulaCache = new Map<string, string>();

function texToHtml(tex: string, display: boolean): string {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let html = formulaCache.get(key);
  if (html === undefined) {
    html = sanitizeMath(katexHtml(tex, display));
    if (formulaCache.size > 5_000) formulaCache.clear();
    formulaCache.set(key, html);
  }
  return html;
}

function katexHtml(tex: string, display: boolean): string {
  try {
    return katex.renderToString(tex, {
      displayMode: display, throwOnError: false, output: 'htmlAndMathml', trust: false, strict: 'ignore', maxSize: 50, maxExpand: 500,
    });
  } catch {
    return `<code>${escapeHtml(tex)}</code>`;
  }
}

function mathExtensions(placeholder: (tex: string, display: boolean) => string): TokenizerAndRendererExtension[] {
  return [
    {
      name: 'mathBlock',
      level: 'block',
      start: (src: string) => src.match(/^ {0,3}\$\$/m)?.index,
      tokenizer(src: string) {
        const m = /^ {0,3}\$\$([\s\S]+?)\$\$[ \t]*(?:\n+|$)/.exec(src);
        if (m) return { type: 'mathBlock', raw: m[0], text: m[1].trim(), display: true } satisfies MathToken;
        return undefined;
      },
      renderer: (t) => placeholder((t as MathToken).text, true),
    },
    {
      name: 'mathInline',
      level: 'inline',
      start: (src: string) => src.indexOf('$') >= 0 ? src.indexOf('$') : undefined,
      tokenizer(src: string) {
        const display = /^\$\$([\s\S]+?)\$\$/.exec(src);
        if (display) return { type: 'mathInline', raw: display[0], text: display[1].trim(), display: true } satisfies MathToken;
        // $x$ but not "costs $5 and $6": no space inside the delimiters, no digit right after.
        const m = /^\$(?!\s)((?:\\.|[^\\$\n])+?)(?<!\s)\$(?!\d)/.exec(src);
        if (m) return { type: 'mathInline', raw: m[0], text: m[1], display: false } satisfies MathToken;
        return undefined;
      },
      renderer: (t) => placeholder((t as MathToken).text, (t as MathToken).display),
    },
  ];
}

function render(md: string, opts: RenderOptions, inline: boolean): string {
  const tag = randomBytes(6).toString('hex');
  const formulas: string[] = [];
  const placeholder = (tex: string, display: boolean) => {
    const i = formulas.push(texToHtml(tex, display)) - 1;
    const span = `<span data-math="${tag}-${i}"></span>`;
    return display ? `<div class="math-display">${span}</div>` : span;
  };
  const navExists = opts.navExists ?? (() => false);
  const marked = new Marked({ gfm: true, breaks: false, async: false });
  marked.use({
    extensions: mathExtensions(placeholder),
    renderer: {
      code({ text, lang }: Tokens.Code) {
        const hl = highlight(text, lang);
        if (hl) return `<pre><code class="hljs language-${hl.language}">${hl.html}</code></pre>\n`;
        return `<pre><code>${escapeHtml(text)}</code></pre>\n`;
      },
      link({ href, title, tokens }: Tokens.Link) {
        const text = this.parser.parseInline(tokens);
        const nav = parseNavHref(href);
        if (nav) {
          if (!navExists(nav)) return `<span class="nav-missing" title="Not available yet">${text}</span>`;
          return `<a href="#" class="nav-link nav-${nav.kind}" data-nav="${nav.kind}:${nav.id}"${title ? ` title="${escapeHtml(title)}"` : ''}>${text}</a>`;
        }
        if (isHttp(href)) return `<a href="${escapeHtml(href.trim())}" class="external" title="${escapeHtml(title || href)}">${text}</a>`;
        return text;
      },
      image({ href, text }: Tokens.Image) {
        // Remote images would need a looser CSP; a link keeps the lesson offline-clean.
        const alt = `<span class="image-alt">[image: ${escapeHtml(text)}]</span>`;
        return isHttp(href) ? `<a href="${escapeHtml(href.trim())}" class="external">${alt}</a>` : alt;
      },
    },
  });
  const raw = inline ? (marked.parseInline(md) as string) : (marked.parse(md) as string);
  const clean = sanitizeContent(raw);
  // Only placeholders carrying this render's random tag are replaced, so markdown cannot forge one.
  return clean.replace(new RegExp(`<span data-math="${tag}-(\\d+)"></span>`, 'g'), (_, i: string) => formulas[Number(i)] ?? '');
}

export function renderMarkdown(md: string, opts: RenderOptions = {}): string {
  return render(md, opts, false);
}

/** For one-line texts (question prompts, choices): no wrapping <p>. */
export function renderInline(md: string, opts: RenderOptions = {}): string {
  return render(md, opts, true);
}
