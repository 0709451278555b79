// The lesson page's draft keeper (webview/lesson/notes.ts), in Node: it needs no DOM of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import './windowStub';
import { decodeDrafts, NoteSaver, type Draft } from '../../../webview/lesson/notes';

/** A page's saver over a page state (`kept`: what VS Code gave back after a reload). */
function page(kept: { drafts?: Record<string, unknown>; aside?: Record<string, string> } = {}) {
  const sent: [string, string][] = [];
  let drafts: Record<string, Draft> = decodeDrafts(kept.drafts);
  let aside: Record<string, string> = { ...kept.aside };
  const statuses: string[] = [];
  const saver = new NoteSaver({
    save: (k, t) => sent.push([k, t]),
    drafts: () => ({ ...drafts }),
    setDrafts: (d) => (drafts = d),
    aside: () => ({ ...aside }),
    setAside: (a) => (aside = a),
  });
  saver.onStatus('lesson/a', (s) => statuses.push(s));
  return { saver, sent, statuses, drafts: () => drafts, text: (k: string) => drafts[k]?.text, aside: () => aside };
}

test('long notes cut (issue 11 case 3): the page refuses a 250,000-character note before sending it, keeps it as a draft and says so', () => {
  const p = page();
  const long = 'x'.repeat(250_000);
  p.saver.changed('lesson/a', long);
  (p.saver as unknown as { flushAll?: () => void }).flushAll?.();
  assert.equal(p.sent.length, 0, 'nothing over the limit is sent to be cut');
  assert.equal(p.text('lesson/a')?.length, 250_000, 'the page state keeps every character');
  assert.match(p.statuses.at(-1) ?? '', /^Too long to save: 250,000 of 200,000 characters; nothing was cut/);
});

test('long notes cut (issue 11 case 3): a confirmation of any text but the one typed is never shown as "Saved"', () => {
  const p = page();
  p.saver.changed('lesson/a', 'abcdef');
  (p.saver as unknown as { flushAll?: () => void }).flushAll?.();
  p.saver.saved('lesson/a', 'abc'); // a host that cut the text
  assert.notEqual(p.statuses.at(-1), 'Saved');
  assert.equal(p.text('lesson/a'), 'abcdef', 'the draft stays until the text typed is stored');
  p.saver.saved('lesson/a', 'abcdef');
  assert.equal(p.statuses.at(-1), 'Saved');
  assert.equal(p.drafts()['lesson/a'], undefined);
});

test('typing lost on close (issue 11 case 4): each input is in the page state and on its way to the host before the next event', () => {
  const p = page();
  p.saver.changed('lesson/a', 'typed just before the tab closed');
  assert.equal(p.text('lesson/a'), 'typed just before the tab closed', 'a reload restores it from the page state');
  assert.deepEqual(p.sent, [['lesson/a', 'typed just before the tab closed']], 'sent at once: no timer left for a closing tab to cancel');
});

test('a restored over-long draft shows its status once its editor exists', () => {
  const { saver } = page();
  saver.changed('lesson/b', 'y'.repeat(200_001));
  let shown = '';
  saver.onStatus('lesson/b', (s) => (shown = s));
  assert.match(shown, /^Too long to save: 200,001 of 200,000/);
});

// The page state VS Code gives back after a reload can be older than the stored notes (in the
// 20-lessons e2e a reload brought back a note from an earlier test in place of the one saved just
// before). The old page put every draft in its key's place and sent it again, so a stale draft
// overwrote the newer note in storage.
test('a stale draft from the page state never replaces a note stored after it was typed: the stored note shows, nothing is sent, the draft is kept aside', () => {
  const p = page({ drafts: { 'lesson/a': { text: 'typed in an older page', base: 'what was stored then' } } });
  const shown = p.saver.restore('lesson/a', 'saved later, from another page');
  assert.equal(shown, 'saved later, from another page');
  assert.deepEqual(p.sent, [], 'the newer stored note is not overwritten');
  assert.equal(p.text('lesson/a'), undefined, 'the draft is no longer one to send');
  assert.equal(p.aside()['lesson/a'], 'typed in an older page', 'the draft is kept, aside, for the learner');
  assert.equal(p.saver.asideOf('lesson/a'), 'typed in an older page');
  p.saver.dropAside('lesson/a');
  assert.equal(p.saver.asideOf('lesson/a'), undefined, 'dismissed (or added to the note) by the learner only');
});

test('a draft typed over what is still stored is the newest text: it shows and is sent again (a reload 0.2 s after typing)', () => {
  const p = page();
  p.saver.restore('lesson/a', 'stored');
  p.saver.changed('lesson/a', 'stored, then typed on');
  // The reload: a new page with the state this one wrote, the host never having heard the text.
  const q = page({ drafts: p.drafts() });
  assert.equal(q.saver.restore('lesson/a', 'stored'), 'stored, then typed on');
  assert.deepEqual(q.sent, [['lesson/a', 'stored, then typed on']]);
  assert.deepEqual(q.aside(), {});
});

test('a draft the host stored already is dropped, not sent again', () => {
  const p = page({ drafts: { 'lesson/a': { text: 'same', base: '' } } });
  assert.equal(p.saver.restore('lesson/a', 'same'), 'same');
  assert.deepEqual(p.sent, []);
  assert.deepEqual(p.drafts(), {});
  assert.deepEqual(p.aside(), {});
});

test('typing on while the host confirms an earlier keystroke keeps the draft newest: no false conflict at the reload', () => {
  const p = page();
  p.saver.restore('lesson/a', '');
  p.saver.changed('lesson/a', 'ab');
  p.saver.changed('lesson/a', 'abc');
  p.saver.saved('lesson/a', 'ab'); // the host stored the first keystroke; 'abc' is on its way
  const q = page({ drafts: p.drafts() });
  assert.equal(q.saver.restore('lesson/a', 'ab'), 'abc');
  assert.deepEqual(q.sent, [['lesson/a', 'abc']]);
});

test('drafts kept by an older build (plain strings) win only where nothing is stored; otherwise they are kept aside', () => {
  const p = page({ drafts: { 'lesson/a': 'old draft', 'lesson/b': 'old draft b' } });
  assert.equal(p.saver.restore('lesson/a', ''), 'old draft');
  assert.equal(p.saver.restore('lesson/b', 'stored b'), 'stored b');
  assert.equal(p.aside()['lesson/b'], 'old draft b');
});

test('a second stale draft joins the text kept aside instead of replacing it', () => {
  const p = page({ drafts: { 'lesson/a': { text: 'second', base: 'x' } }, aside: { 'lesson/a': 'first' } });
  p.saver.restore('lesson/a', 'stored');
  assert.equal(p.aside()['lesson/a'], 'first\n\nsecond');
});

test('decodeDrafts keeps what it can read of a page state and drops the rest', () => {
  assert.deepEqual(decodeDrafts({ a: 'x', b: { text: 'y', base: 'z' }, c: { text: 1 }, d: null, e: { text: 'w', base: 3 } }),
    { a: { text: 'x' }, b: { text: 'y', base: 'z' }, e: { text: 'w' } });
  assert.deepEqual(decodeDrafts(undefined), {});
  assert.deepEqual(decodeDrafts('junk'), {});
});
