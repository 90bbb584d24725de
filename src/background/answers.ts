// The user's latest answer about an event, as it really stands: the newest REPLY or COUNTER of
// the identity in the outbox (with its phase: drafted, waiting for consent, queued, sending,
// sent, failed) or an answer recorded without mail — given here with "answer without sending"
// (`recorded`), or found in Sent, given from another program (`sent`). One reading for the
// message bar, the popup and the pages, so none of them says "Sent" before the send returned.
import type { OutboxRecord, StoredEvent } from '../core/types.js';
import type { AnswerView, EventDetail } from '../shared/protocol.js';
import { methodTraits } from '../core/itip/methods.js';
import { phaseOf } from './outbox.js';

/** REPLY and COUNTER say where the user stands (METHOD_TABLE `answers`); REFRESH asks, it does not answer. */
const isAnswer = (method: string): boolean => !!methodTraits(method)?.answers;

export function answerOf(
  outbox: OutboxRecord[],
  stored: StoredEvent | undefined,
  o: { uid: string; identity: string; partstat: AnswerView['partstat'] },
): AnswerView | null {
  const { uid, identity, partstat } = o;
  const mailed = outbox
    .filter((r) => r.message.uid === uid && isAnswer(r.message.method))
    .sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0))[0];
  // History entries of the user's own answers: `recorded` without mail, or from a message in Sent.
  // (An organiser's history also records attendees' replies: those carry the attendee as `from`.)
  const own =
    stored?.relation === 'attendee' ? stored.history.filter((h) => isAnswer(h.method) && h.action === 'recorded' && (!h.from || h.from === identity)) : [];
  const fromMail = own.at(-1);
  if (fromMail && (!mailed || fromMail.at > mailed.created)) {
    return {
      partstat: fromMail.method === 'REPLY' ? partstat : null,
      method: fromMail.method,
      phase: fromMail.messageId ? 'sent' : 'recorded',
      outboxId: null,
      at: fromMail.at,
    };
  }
  if (!mailed) return null;
  return {
    partstat: mailed.message.method === 'REPLY' ? partstat : null,
    method: mailed.message.method,
    phase: phaseOf(mailed),
    outboxId: mailed.id,
    at: mailed.created,
  };
}

/**
 * The history as it really went: the engine records `sent` when it decides; the outbox record
 * written in the same transaction (same instant, method and event) says whether it went out.
 */
export function historyPhases(detail: EventDetail, outbox: OutboxRecord[]): EventDetail {
  const uid = detail.event.uid;
  const mine = outbox.filter((r) => r.message.uid === uid);
  const history = detail.history.map((x) => {
    if (x.action !== 'sent') return x;
    const r = mine.find((o) => o.message.method === x.method && o.created === x.at);
    return r ? { ...x, phase: phaseOf(r) } : x;
  });
  return { ...detail, history };
}
