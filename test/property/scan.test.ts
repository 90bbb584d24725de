// The catch-up pre-scan (core/mime/scan.ts) against the full reader (core/mime/raw.ts) on generated
// messages: whatever the structure — nesting, folding, odd header names, duplicate fields, lines
// that are no field, LF or CRLF or both, delimiter look-alikes, a missing close delimiter, 8-bit
// header octets as UTF-8 or Latin-1, the message as octets or as text — the scan says "may carry
// calendar data" exactly when the reader finds a calendar part. (Every leaf body holds
// BEGIN:VCALENDAR, so a part that counts by its name is one the reader keeps too; boundaries are
// ASCII, as RFC 2046 §5.1.1 has them, since the scan says "read it" for any other.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mayCarryCalendar } from '../../src/core/mime/scan.js';
import { parseRawMessage } from '../../src/core/mime/raw.js';
import { message } from './scan-messages.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60) * 8;

/** The message's octets: as UTF-8, or each character one octet (8-bit header octets that are not UTF-8). */
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

test('the pre-scan says "may carry calendar data" exactly when the full reader finds a calendar part', async () => {
  let calendar = 0;
  let plain = 0;
  await fc.assert(
    fc.asyncProperty(fc.integer(), async (seed) => {
      const text = message(seed);
      for (const raw of [text, new TextEncoder().encode(text), latin1(text)]) {
        const found = (await parseRawMessage(raw)).calendarParts.length > 0;
        assert.equal(mayCarryCalendar(raw), found, `seed ${seed}, ${typeof raw === 'string' ? 'text' : 'octets'}:\n${text}`);
        if (found) calendar++;
        else plain++;
      }
    }),
    { numRuns: RUNS },
  );
  // Both answers must be common, or the property says little.
  assert.ok(calendar > RUNS / 5 && plain > RUNS / 5, `${calendar} with calendar data, ${plain} without`);
});
