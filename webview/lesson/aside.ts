// A draft that met a newer stored text when its page came back (NoteSaver.restore) waits under its editor
// until the learner adds it to what is there or dismisses it; until then it stays in the page
// state, so another reload keeps it too.
import { h } from './dom';
import type { NoteSaver } from './notes';

export function asideBox(saver: NoteSaver, key: string, area: HTMLTextAreaElement, what: 'note' | 'answer'): HTMLElement | undefined {
  const text = saver.asideOf(key);
  if (text === undefined) return undefined;
  const add = h('button', { type: 'button', class: 'secondary aside-add' }, `Add it below my ${what}`);
  const dismiss = h('button', { type: 'button', class: 'secondary aside-dismiss' }, 'Dismiss');
  const box = h('div', { class: 'aside', role: 'note', 'data-aside': key },
    h('p', { text: `Text you typed here earlier that was never saved. Your ${what} was saved again after it (on this page or another), so this text did not replace it.` }),
    h('pre', { class: 'aside-text', text }),
    h('div', { class: 'actions' }, add, dismiss));
  add.addEventListener('click', () => {
    area.value = area.value.trim() ? `${area.value}\n\n${text}` : text;
    // What the editor's own input handler does, for a value set from here.
    saver.changed(key, area.value);
    saver.dropAside(key);
    box.remove();
    area.focus();
  });
  dismiss.addEventListener('click', () => {
    saver.dropAside(key);
    box.remove();
  });
  return box;
}
