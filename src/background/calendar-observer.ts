// Changes the user makes in Thunderbird's calendars, as the observer reports them: the cache is
// brought up to date, and a change to an event the agent holds is reflected in its store — an
// answer given in Thunderbird's own invitation bar (or by editing the item) is recorded without
// mailing, since Thunderbird sent the REPLY itself; an accepted invitation deleted from every
// calendar waits in the attention queue instead of becoming a decline (core/calendars/observe.ts).
import type { TbItemChange } from '../thunderbird/calendars.js';
import * as engine from '../core/engine.js';
import { noteRemovedFromCalendar, observedChange } from '../core/calendars/observe.js';
import { calendarIdentities, engineOptions, type Agent } from './agent.js';
import { runAction } from './actions.js';
import { errorText } from './log.js';

export async function onCalendarChange(agent: Agent, change: TbItemChange): Promise<void> {
  const cache = agent.calendars;
  if (!cache) return;
  try {
    const calendarId = change.kind === 'removed' || change.kind === 'reset' ? change.calendarId : change.item.calendarId;
    const calendar = cache.calendars.find((c) => c.id === calendarId)?.name ?? calendarId;
    await cache.apply(change);
    if (change.kind === 'reset') return;
    const uid = change.kind === 'removed' ? change.uid : change.item.uid;
    const item = change.kind === 'removed' ? null : change.item;
    // Moved to another calendar (removed here, added there): still in the user's calendar.
    if (!item && cache.holders(uid).length) return;
    for (const identity of await calendarIdentities(agent)) {
      if (identity.settings.role === 'none') continue;
      const stored = await agent.store().transact((tx) => tx.user(identity.email).getEvent(uid));
      const seen = observedChange(identity.email, stored, item);
      if (seen?.kind === 'answer') {
        await runAction(agent, identity, null, (tx, opts) => engine.respond(tx, opts, { uid, partstat: seen.partstat, send: false }), { writeCalendar: false });
        agent.log('calendar', { identity: identity.email, calendarId, uid, op: 'answered-in-thunderbird', partstat: seen.partstat });
      } else if (seen?.kind === 'removed') {
        await agent.store().transact((tx) => noteRemovedFromCalendar(tx, engineOptions(agent, identity), { uid, calendar }));
        await agent.tb.runtime.sendMessage({ notice: 'store.changed', identity: identity.email, uids: [uid] }).catch(() => undefined);
        agent.log('calendar', { identity: identity.email, calendarId, uid, op: 'removed-in-thunderbird' });
      }
    }
  } catch (e) {
    agent.log('error', { messageId: '', error: `calendar change: ${errorText(e)}` });
  }
}
