// The sender is the one mailbox of the raw From field (RFC 5322 §3.6.2); an encoded word may
// carry the display name (RFC 2047 §5), never the address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromMailbox } from '../../src/core/mime/headers.js';
import { parseRawMessage } from '../../src/core/mime/raw.js';
import { authentication } from '../../src/core/itip/authentication.js';

test('From: one mailbox, an encoded display name, several mailboxes, an address inside an encoded word', () => {
  assert.deepEqual(fromMailbox('Olga <olga@example.com>'), { from: { address: 'olga@example.com', name: 'Olga' } });
  assert.deepEqual(fromMailbox('=?utf-8?Q?Olga_M=C3=BCller?= <Olga@Example.com>'), { from: { address: 'olga@example.com', name: 'Olga Müller' } });
  assert.deepEqual(fromMailbox('olga@example.com, mallory@evil.example').fromProblem, 'the From field names 2 mailboxes');
  // `Olga <olga@example.com>` as one encoded word: decoded, it looks like a mailbox.
  assert.deepEqual(fromMailbox('=?utf-8?B?T2xnYSA8b2xnYUBleGFtcGxlLmNvbT4=?=').fromProblem, 'the From address exists only inside an encoded word');
  assert.deepEqual(fromMailbox('Olga <=?utf-8?Q?olga=40example.com?=>').fromProblem, 'the From address exists only inside an encoded word');
  assert.deepEqual(fromMailbox('=?utf-8?B?b2xnYUBleGFtcGxlLmNvbQ==?=').fromProblem, 'the From field names no mailbox');
  assert.deepEqual(fromMailbox('=?utf-8?Q?olga=40example.com?= <mallory@evil.example>').from, { address: 'mallory@evil.example', name: 'olga@example.com' });
  assert.deepEqual(fromMailbox('undisclosed-recipients:;').fromProblem, 'the From field names no mailbox');
  assert.deepEqual(fromMailbox(undefined), {});
});

test('a raw message keeps the From verdict and its Authentication-Results, topmost first', async () => {
  const m = await parseRawMessage(
    [
      'Authentication-Results: mx.example.test; dmarc=pass header.from=example.com',
      'Authentication-Results: relay.example.net; spf=pass',
      'From: a@example.com',
      'From: b@example.com',
      'Subject: x',
      '',
      'body',
    ].join('\r\n'),
  );
  assert.equal(m.fromProblem, 'the From field names 2 mailboxes');
  assert.deepEqual(m.authResults, ['mx.example.test; dmarc=pass header.from=example.com', 'relay.example.net; spf=pass']);
});

test('RFC 8601: only a trusted authserv-id counts, its topmost field only; DKIM must align with the From domain', () => {
  const trusted = ['mx.example.test'];
  assert.deepEqual(authentication(['mx.example.test (comment; with semicolon); dmarc=pass (p=none) header.from=example.com'], 'example.com', trusted), {
    by: 'mx.example.test',
    result: 'pass',
    method: 'dmarc',
  });
  assert.deepEqual(authentication(['mx.example.test; dkim=pass header.d=example.com'], 'mail.example.com', trusted), {
    by: 'mx.example.test',
    result: 'pass',
    method: 'dkim',
  });
  assert.equal(authentication(['mx.example.test; dkim=pass header.d=com'], 'example.com', trusted), undefined, 'a bare top-level domain never aligns');
  assert.equal(authentication(['mx.example.test; dkim=pass header.d=evil.example'], 'example.com', trusted), undefined);
  assert.equal(authentication(['mx.example.test; dmarc=pass header.from=example.com'], 'example.com', []), undefined, 'empty by default: not used');
  assert.equal(authentication(['other.example; dmarc=pass header.from=example.com'], 'example.com', trusted), undefined);
  assert.deepEqual(
    authentication(['mx.example.test; dmarc=fail header.from=example.com', 'mx.example.test; dmarc=pass header.from=example.com'], 'example.com', trusted)
      ?.result,
    'fail',
    'a forged lower field does not win',
  );
});
