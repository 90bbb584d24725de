// Driving the views the way the background does: the store as it was, the engine's handling of
// the message, and the popup's items, all in one transaction.

import { readFileSync } from 'node:fs';
import type { MailMessage, Outcome } from '../../src/core/types.js';
import type { InvitationItem } from '../../src/shared/protocol.js';
import * as engine from '../../src/core/engine.js';
import * as views from '../../src/core/views/index.js';
import { parseRawMessage } from '../../src/core/mime/raw.js';
import type { World } from '../engine/harness.js';

export const fixture = (name: string) => readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url));

let n = 0;
/** A mail message carrying one calendar part, as the add-on's normaliser gives it. */
export function mail(ics: string, from: string, to: string, extra: Partial<MailMessage> & { methodParam?: string } = {}): MailMessage {
  const { methodParam, ...rest } = extra;
  return {
    messageId: `view-${++n}@example.com`,
    from: { address: from },
    replyTo: [],
    to: [{ address: to }],
    cc: [],
    calendarParts: [{ contentType: 'text/calendar', text: ics, path: '1', ...(methodParam ? { methodParam } : {}) }],
    ...rest,
  };
}

export async function rawMail(name: string): Promise<MailMessage> {
  return parseRawMessage(fixture(name));
}

/** Handles the message for `user` and returns the popup's items with what the engine did. */
export async function handleAndView(
  w: World,
  user: string,
  msg: MailMessage,
  role: 'person' | 'resource' = 'person',
): Promise<{ items: InvitationItem[]; outcome: Outcome }> {
  return w.run(async (tx) => {
    const opts = w.opts(user, role);
    const outcome = await engine.handleMessage(tx, msg, opts);
    const items = await views.messageItems(tx, opts, msg, { results: outcome.results, previous: outcome.previous });
    return { items, outcome };
  });
}

/** The popup's items for a message not handled (yet). */
export async function viewOnly(w: World, user: string, msg: MailMessage): Promise<InvitationItem[]> {
  return w.run((tx) => views.messageItems(tx, w.opts(user), msg, null));
}
