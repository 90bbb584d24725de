// Properties of attachments: any name a stranger writes becomes a safe file name; any bytes sent
// as a CID attachment arrive unchanged through render → raw reader → engine.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as engine from '../../src/core/engine.js';
import { openMemoryStore } from '../../src/store/memory-store.js';
import { uniqueFileName } from '../../src/core/attachments/names.js';
import { renderMessage } from '../../src/core/mime/render.js';
import { parseRawMessage } from '../../src/core/mime/raw.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const nameArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('..', '.', '../../etc/passwd', '\u0000', 'a/../../b', 'C:\\Windows\\x.exe', ' .hidden ', 'CON.txt', '\u202Egnp.exe'),
);

test('safeFileName: one segment, no controls or reserved characters, no leading dot, never empty; unique names differ', () => {
  fc.assert(
    fc.property(fc.array(nameArb, { minLength: 1, maxLength: 8 }), (names) => {
      const taken = new Set<string>();
      const out = names.map((n) => uniqueFileName(engine.safeFileName(n), taken));
      for (const f of out) {
        assert.ok(f.length > 0 && [...f].length <= 130, f);
        assert.doesNotMatch(f, /[/\\<>:"|?*\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        assert.doesNotMatch(f, /^[.\s]|[.\s]$/);
        assert.notEqual(f, '..');
      }
      assert.equal(new Set(out.map((f) => f.toLowerCase())).size, out.length);
    }),
    { numRuns: RUNS * 10 },
  );
});

test('any bytes and name sent with an invitation arrive unchanged at the attendee', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array({ maxLength: 2000 }),
      nameArb,
      fc.constantFrom('application/pdf', 'text/plain', 'image/png', 'nonsense'),
      async (data, name, type) => {
        const store = openMemoryStore();
        const opts = (user: string) => ({ user, role: 'person' as const, now: new Date('2025-07-02T09:00:00Z'), newId: () => 'x' });
        const ics =
          'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:p-1\r\nDTSTAMP:20250701T080000Z\r\nDTSTART:20250714T090000Z\r\nATTENDEE:mailto:bob@example.test\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
        const out = await store.transact((tx) => engine.invite(tx, opts('olga@example.test'), { ics, attachments: [{ name, type, data }] }));
        if (out.results[0]?.action === 'refused') {
          // Only a name with nothing left after cleaning is refused.
          assert.match(out.results[0].reason, /no name/);
          return;
        }
        const raw = renderMessage(out.outgoing[0]!, { date: new Date(0), messageId: 'm@x', boundarySeed: 'b' });
        const msg = await parseRawMessage(raw);
        await store.transact((tx) => engine.handleMessage(tx, msg, opts('bob@example.test')));
        const [info] = await store.transact((tx) => engine.listAttachments(tx, opts('bob@example.test'), { uid: 'p-1' }));
        assert.equal(info?.kind, 'stored');
        assert.equal(info?.size, data.length);
        const got = await store.transact((tx) => engine.getAttachment(tx, opts('bob@example.test'), { uid: 'p-1', id: info!.id }));
        assert.deepEqual(got?.data, data);
      },
    ),
    { numRuns: RUNS },
  );
});
