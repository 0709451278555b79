// Code highlighting in the host with highlight.js core and the few languages lessons use, so the
// webview ships no highlighter and the colours come from theme variables (style.css).
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import typescript from 'highlight.js/lib/languages/typescript';
import plaintext from 'highlight.js/lib/languages/plaintext';

hljs.registerLanguage('python', python);
hljs.registerLanguage('bash', bash);
hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('json', json);
hljs.registerLanguage('plaintext', plaintext);
hljs.registerAliases(['py', 'python3', 'numpy'], { languageName: 'python' });
hljs.registerAliases(['sh', 'shell', 'console'], { languageName: 'bash' });
hljs.registerAliases(['text', 'txt'], { languageName: 'plaintext' });

/** Highlighted HTML (escaped by highlight.js), or undefined for unknown languages. */
export function highlight(code: string, lang: string | undefined): { html: string; language: string } | undefined {
  const name = (lang ?? '').trim().split(/\s+/)[0]?.toLowerCase();
  if (!name || !hljs.getLanguage(name)) return undefined;
  const language = hljs.getLanguage(name)!.name?.toLowerCase() ?? name;
  return { html: hljs.highlight(code, { language: name, ignoreIllegals: true }).value, language };
}
