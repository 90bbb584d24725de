// The mail the add-on sends speaks the user's language: subjects and body lines come from
// messenger.i18n (`bg_mail_*`), with the engine's $1/$2 kept for it to fill.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { harness, decodedBodies, header } from './setup.js';
import { fixture } from './fake-messenger.js';
import { processMessage } from '../../src/background/pipeline.js';
import { handleRequest } from '../../src/background/service.js';
import { mailStrings } from '../../src/background/mail-strings.js';
import { ENGLISH } from '../../src/core/itip/strings.js';

type Messages = Record<string, { message: string }>;
const locale = (lang: string) => JSON.parse(readFileSync(new URL(`../../_locales/${lang}/messages.json`, import.meta.url), 'utf8')) as Messages;

/** getMessage as WebExtensions do it: $1…$9 are substitutions, `$$` a dollar sign. */
function i18n(messages: Messages) {
  return {
    getMessage(name: string, subs?: string | string[]) {
      const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
      return (messages[name]?.message ?? '').replace(/\$(\$|\d)/g, (_, d: string) => (d === '$' ? '$' : (list[Number(d) - 1] ?? '')));
    },
  };
}

test("the English messages are the engine's own defaults; German has every one, with the same substitutions", () => {
  assert.deepEqual(mailStrings({ i18n: i18n(locale('en')) }), ENGLISH);
  const de = mailStrings({ i18n: i18n(locale('de')) });
  assert.deepEqual(Object.keys(de).sort(), Object.keys(ENGLISH).sort());
  for (const [name, text] of Object.entries(ENGLISH)) {
    const uses = (s: string) => [...s.matchAll(/\$\d/g)].map((m) => m[0]).sort();
    assert.deepEqual(uses(de[name as keyof typeof de]!), uses(text), name);
  }
  assert.equal(de.accepted, 'Zugesagt: $1');
});

test("a German user accepts: the REPLY's subject and text are German, the iCalendar unchanged", async () => {
  const h = harness();
  h.agent.tb.i18n.getMessage = i18n(locale('de')).getMessage;
  const m = h.fake.add(fixture('google.eml'), 'inbox');
  await processMessage(h.agent, m, 'new');
  const reply = await handleRequest(h.agent, {
    type: 'message.act',
    messageId: m.id,
    identity: 'alice@example.test',
    uid: '7kukuqrfedlm2f9t0vr42q2gc0@google.com',
    action: { kind: 'respond', partstat: 'ACCEPTED', comment: 'Bis dann' },
  });
  assert.ok(reply.ok, JSON.stringify(reply));
  const { raw } = h.fake.sentRaw[0]!;
  assert.equal(header(raw, 'Subject'), 'Zugesagt: Design sync');
  // From carries the identity's display name, the text says what was answered.
  assert.equal(header(raw, 'From'), 'Alice Example <alice@example.test>');
  const body = decodedBodies(raw);
  assert.match(body, /Alice Example <alice@example.test> hat „Design sync“ zugesagt\./);
  assert.match(body, /Kommentar: Bis dann/);
  assert.match(body.replace(/\r\n[ \t]/g, ''), /METHOD:REPLY/);
});
