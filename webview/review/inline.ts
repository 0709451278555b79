// The course's question texts as DOM: the little markdown they use (`code`, $maths$, $$maths$$,
// **bold**, *italics*, blank-line paragraphs), every other character as text. Nothing passes
// through innerHTML, so a question can never inject markup; KaTeX builds its own nodes and sets
// their layout through the CSSOM, which the page's CSP allows.
import katex from 'katex';

/** Code first, so a `$` inside code stays code; `\$` is a dollar sign. */
const TOKEN = /(`[^`]+`|\$\$[^$]+\$\$|(?<!\\)\$[^$\n]+?(?<!\\)\$|\*\*[^*]+\*\*|\*[^*\s][^*]*\*)/;

function math(tex: string, displayMode: boolean): HTMLElement {
  const el = document.createElement(displayMode ? 'div' : 'span');
  el.className = displayMode ? 'math-display' : 'math-inline';
  // A formula KaTeX cannot parse shows as its source, in the error colour, instead of breaking the page.
  katex.render(tex, el, { displayMode, throwOnError: false, trust: false, output: 'htmlAndMathml' });
  return el;
}

export function inline(text: string): Node[] {
  const out: Node[] = [];
  for (const part of text.split(TOKEN)) {
    if (!part) continue;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2) {
      const code = document.createElement('code');
      code.textContent = part.slice(1, -1);
      out.push(code);
    } else if (part.startsWith('$$') && part.endsWith('$$') && part.length > 4) out.push(math(part.slice(2, -2), true));
    else if (part.startsWith('$') && part.endsWith('$') && part.length > 2) out.push(math(part.slice(1, -1), false));
    else if (part.startsWith('**') && part.endsWith('**') && part.length > 4) {
      const b = document.createElement('strong');
      b.append(...inline(part.slice(2, -2)));
      out.push(b);
    } else if (part.startsWith('*') && part.endsWith('*') && part.length > 2) {
      const i = document.createElement('em');
      i.append(...inline(part.slice(1, -1)));
      out.push(i);
    } else out.push(document.createTextNode(part.replace(/\\\$/g, '$')));
  }
  return out;
}

/** A text of one or more paragraphs (separated by blank lines). */
export function paragraphs(text: string): HTMLElement {
  const div = document.createElement('div');
  for (const p of text.split(/\n\s*\n/)) {
    if (!p.trim()) continue;
    const el = document.createElement('p');
    el.append(...inline(p.trim()));
    div.append(el);
  }
  return div;
}
