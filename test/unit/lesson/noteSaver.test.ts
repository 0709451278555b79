// The lesson page's draft keeper (webview/lesson/notes.ts), in Node: it needs no DOM of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import './windowStub';
import { NoteSaver } from '../../../webview/lesson/notes';

function page() {
  const sent: [string, string][] = [];
  let drafts: Record<string, string> = {};
  const statuses: string[] = [];
  const saver = new NoteSaver({ save: (k, t) => sent.push([k, t]), drafts: () => ({ ...drafts }), setDrafts: (d) => (drafts = d) });
  saver.onStatus('lesson/a', (s) => statuses.push(s));
  return { saver, sent, statuses, drafts: () => drafts };
}

test('long notes cut (issue 11 case 3): the page refuses a 250,000-character note before sending it, keeps it as a draft and says so', () => {
  const p = page();
  const long = 'x'.repeat(250_000);
  p.saver.changed('lesson/a', long);
  (p.saver as unknown as { flushAll?: () => void }).flushAll?.();
  assert.equal(p.sent.length, 0, 'nothing over the limit is sent to be cut');
  assert.equal(p.drafts()['lesson/a']?.length, 250_000, 'the page state keeps every character');
  assert.match(p.statuses.at(-1) ?? '', /^Too long to save: 250,000 of 200,000 characters; nothing was cut/);
});

test('long notes cut (issue 11 case 3): a confirmation of any text but the one typed is never shown as "Saved"', () => {
  const p = page();
  p.saver.changed('lesson/a', 'abcdef');
  (p.saver as unknown as { flushAll?: () => void }).flushAll?.();
  p.saver.saved('lesson/a', 'abc'); // a host that cut the text
  assert.notEqual(p.statuses.at(-1), 'Saved');
  assert.equal(p.drafts()['lesson/a'], 'abcdef', 'the draft stays until the text typed is stored');
  p.saver.saved('lesson/a', 'abcdef');
  assert.equal(p.statuses.at(-1), 'Saved');
  assert.equal(p.drafts()['lesson/a'], undefined);
});

test('typing lost on close (issue 11 case 4): each input is in the page state and on its way to the host before the next event', () => {
  const p = page();
  p.saver.changed('lesson/a', 'typed just before the tab closed');
  assert.equal(p.drafts()['lesson/a'], 'typed just before the tab closed', 'a reload restores it from the page state');
  assert.deepEqual(p.sent, [['lesson/a', 'typed just before the tab closed']], 'sent at once: no timer left for a closing tab to cancel');
});

test('a restored over-long draft shows its status once its editor exists', () => {
  const sent: [string, string][] = [];
  let drafts: Record<string, string> = {};
  const saver = new NoteSaver({ save: (k, t) => sent.push([k, t]), drafts: () => drafts, setDrafts: (d) => (drafts = d) });
  saver.changed('lesson/b', 'y'.repeat(200_001));
  let shown = '';
  saver.onStatus('lesson/b', (s) => (shown = s));
  assert.match(shown, /^Too long to save: 200,001 of 200,000/);
});
