// A tiny element builder: the lesson page is built with DOM calls, so text from the course is
// always set as text. Only host-sanitised HTML goes through setHtml.
import { parseKatexStyle } from '../../src/shared/katexStyle';

type Attrs = Record<string, string | boolean | undefined>;
type Child = Node | string | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

/** Inserts HTML the host rendered and sanitised, then applies KaTeX's checked layout styles. */
export function setHtml(el: HTMLElement, html: string): HTMLElement {
  el.innerHTML = html;
  for (const node of el.querySelectorAll<HTMLElement | SVGElement>('[data-kx]')) {
    for (const [prop, value] of parseKatexStyle(node.getAttribute('data-kx') ?? '')) node.style.setProperty(prop, value);
    node.removeAttribute('data-kx');
  }
  return el;
}

export function html(tag: keyof HTMLElementTagNameMap, attrs: Attrs, markup: string): HTMLElement {
  return setHtml(h(tag, attrs), markup);
}

let announcer: HTMLElement | undefined;
/**
 * Screen-reader announcement for changes that happen without focus moving. The live region is
 * made on first use (the page has none of its own) and hidden from sight through the CSSOM,
 * which the CSP allows where a style attribute would not be.
 */
export function announce(text: string): void {
  if (!announcer) {
    announcer = h('div', { id: 'announce', role: 'status', 'aria-live': 'polite' });
    Object.assign(announcer.style, { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' });
    document.body.append(announcer);
  }
  announcer.textContent = text;
}
