// What a change the user made in Thunderbird means for the agent: an answer given in
// Thunderbird's own invitation bar (or by editing the item in the Calendar tab) is recorded in
// the agent's copy without mailing (Thunderbird already sent the REPLY: RespondArgs.send=false);
// an accepted invitation deleted from the calendar is not taken for a decline — it waits in the
// attention queue, and the popup offers to answer (RFC 5546 §3.2.2.3: only the attendee's REPLY
// says they decline).

import type { EngineOptions, RespondArgs } from '../api.js';
import type { StoreTx } from '../store.js';
import type { Address, StoredEvent } from '../types.js';
import type { TbItem } from '../../thunderbird/calendars.js';
import { makeCtx } from '../itip/context.js';
import { decider } from '../itip/decision.js';
import { commit } from '../itip/commit.js';
import { parseCalendar } from '../ical/parse.js';
import { userPartstat } from '../itip/stored.js';
import { isCancelled } from '../itip/model.js';
import { ownPartstat } from './rules.js';

export type Observed = { kind: 'answer'; partstat: RespondArgs['partstat'] } | { kind: 'removed' } | null;

const ANSWERS = new Set(['ACCEPTED', 'TENTATIVE', 'DECLINED']);

function storedPartstat(user: Address, stored: StoredEvent) {
  try {
    const { root } = parseCalendar(stored.ics);
    const master = root.getAllSubcomponents('vevent').find((c) => !c.hasProperty('recurrence-id'));
    return master ? { partstat: userPartstat(user, master), cancelled: stored.cancelled || isCancelled(master) } : undefined;
  } catch {
    return undefined;
  }
}

/** What the agent does about a change of one item (`item` null: it was removed). */
export function observedChange(user: Address, stored: StoredEvent | undefined, item: TbItem | null): Observed {
  if (!stored || stored.relation !== 'attendee') return null;
  const mine = storedPartstat(user, stored);
  if (!mine || mine.cancelled) return null;
  if (!item) return mine.partstat === 'ACCEPTED' || mine.partstat === 'TENTATIVE' ? { kind: 'removed' } : null;
  let theirs: string | undefined;
  try {
    const { root } = parseCalendar(item.ics);
    const master = root.getAllSubcomponents('vevent').find((c) => !c.hasProperty('recurrence-id'));
    theirs = master && !isCancelled(master) ? ownPartstat([user], master) : undefined;
  } catch {
    return null; // an item that does not parse says nothing about the user's answer
  }
  if (!theirs || !ANSWERS.has(theirs) || theirs === mine.partstat) return null;
  return { kind: 'answer', partstat: theirs as RespondArgs['partstat'] };
}

/** An accepted invitation was deleted from a Thunderbird calendar: it waits for the user's answer. */
export async function noteRemovedFromCalendar(tx: StoreTx, opts: EngineOptions, args: { uid: string; calendar: string }): Promise<void> {
  const ctx = await makeCtx(tx, opts);
  const reason = `removed from the calendar "${args.calendar}" in Thunderbird; answer here if you will not attend`;
  if ((await ctx.utx.listQueue()).some((q) => q.uid === args.uid && q.reason === reason)) return;
  const d = decider(ctx);
  d.enqueue({ kind: 'invitation', uid: args.uid, reason });
  await commit(ctx, d);
}
