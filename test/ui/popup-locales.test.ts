// Every text the popup shows exists in English and German: the literal keys in src/popup, and the
// keys it builds from protocol values (answers, outcomes, free/busy types, outbox states).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const load = (lang: string): Record<string, { message: string }> => JSON.parse(readFileSync(join(root, '_locales', lang, 'messages.json'), 'utf8'));
const en = load('en');
const de = load('de');
const popupKeys = (m: Record<string, unknown>) =>
  Object.keys(m)
    .filter((k) => k.startsWith('popup_'))
    .sort();

test('en and de have the same popup_ keys, none of them empty', () => {
  assert.deepEqual(popupKeys(de), popupKeys(en));
  for (const k of popupKeys(en)) {
    assert.ok(en[k]!.message.trim(), `en ${k}`);
    assert.ok(de[k]!.message.trim(), `de ${k}`);
  }
});

test('every literal popup_ key used in src/popup exists', () => {
  const dir = join(root, 'src/popup');
  const used = new Set<string>();
  for (const f of readdirSync(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(/['"](popup_[A-Za-z0-9_]*[A-Za-z0-9])['"]/g)) used.add(m[1]!);
  }
  assert.ok(used.size > 100, `found ${used.size} keys`);
  for (const k of used) assert.ok(en[k] && de[k], `missing ${k}`);
});

test('keys built from protocol values exist', () => {
  const built = [
    ...['NEEDS_ACTION', 'ACCEPTED', 'TENTATIVE', 'DECLINED', 'DELEGATED'].map((p) => `popup_partstat_${p}`),
    ...['stored', 'updated', 'recorded', 'cancelled', 'answered', 'queued', 'ignored', 'refused', 'unsupported', 'sent', 'error'].map(
      (a) => `popup_action_${a}`,
    ),
    ...['BUSY', 'BUSY_TENTATIVE', 'BUSY_UNAVAILABLE', 'FREE'].map((f) => `popup_fbtype_${f}`),
    ...['sent', 'pending', 'failed', 'needs_consent'].map((s) => `popup_sent_state_${s}`),
    ...['every_day', 'every_week', 'every_month', 'every_year', 'every_weekday', 'every_hour', 'every_minute'].map((w) => `popup_rrule_${w}`),
  ];
  for (const k of built) assert.ok(en[k] && de[k], `missing ${k}`);
  // German really is German where the words differ.
  assert.equal(de['popup_accept']!.message, 'Zusagen');
  assert.notEqual(de['popup_consent_explain']!.message, en['popup_consent_explain']!.message);
});
