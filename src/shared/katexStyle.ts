// The inline styles KaTeX needs, parsed strictly: only layout properties with plain lengths (and
// simple colours for \color). Pure, shared by the webview (which applies them) and unit tests.

const LENGTH_PROPS = new Set([
  'height', 'min-width', 'width', 'max-width', 'vertical-align', 'top', 'bottom', 'left', 'right', 'margin-left',
  'margin-right', 'margin-top', 'margin-bottom', 'padding-left', 'padding-right', 'border-bottom-width',
  'border-top-width', 'border-right-width', 'border-left-width',
]);
const LENGTH = /^-?(\d+\.?\d*|\.\d+)(em|ex|px|pt|%)?$/;
const COLOR = /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20})$/;

export function parseKatexStyle(style: string): [string, string][] {
  const out: [string, string][] = [];
  for (const decl of style.split(';')) {
    const i = decl.indexOf(':');
    if (i < 0) continue;
    const prop = decl.slice(0, i).trim().toLowerCase();
    const value = decl.slice(i + 1).trim();
    if (LENGTH_PROPS.has(prop) && LENGTH.test(value)) out.push([prop, value]);
    else if (prop === 'position' && (value === 'relative' || value === 'absolute')) out.push([prop, value]);
    else if ((prop === 'color' || prop === 'border-color' || prop === 'background-color') && COLOR.test(value)) out.push([prop, value]);
  }
  return out;
}
