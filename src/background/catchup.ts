// Catch-up: at start-up and periodically, recent mail is looked at again, because new-mail
// events can be missed (the event page was asleep, 128 repeats or drops some) and because
// messages waiting for decryption are tried again. `fromDate` compares the sender's Date header,
// which can be wrong by hours: the window starts CATCHUP_SLACK_MS before the last run.
// What is recorded as handled is skipped at once (processMessage).
import type { Agent } from './agent.js';
import { headerKey, processMessage } from './pipeline.js';
import { deliverPending } from './outbox.js';
import { sweepAllReminders } from './notify.js';
import { errorText } from './log.js';

export const CATCHUP_ALARM = 'imip-agent.catchup';
export const CATCHUP_PERIOD_MINUTES = 15;
export const CATCHUP_SLACK_MS = 3 * 24 * 3600 * 1000;
/** The first run (no record of a previous one) looks this far back. */
export const CATCHUP_FIRST_MS = 14 * 24 * 3600 * 1000;
/** Bound on the messages one run looks at. */
export const CATCHUP_MAX_MESSAGES = 5000;

export async function catchUp(agent: Agent): Promise<number> {
  const started = agent.now();
  const last = await agent.records.getMeta<string>('lastCatchUp');
  const from = last ? new Date(Date.parse(last) - CATCHUP_SLACK_MS) : new Date(started.getTime() - CATCHUP_FIRST_MS);
  let seen = 0;
  const tried = new Set<string>();
  try {
    let page = await agent.tb.messages.query({ fromDate: from });
    for (;;) {
      if (typeof page === 'string') break; // 128's query may hand back a list id only on later pages
      for (const header of page.messages) {
        if (seen++ >= CATCHUP_MAX_MESSAGES) break;
        tried.add(headerKey(header));
        await processMessage(agent, header, 'catchup');
      }
      if (!page.id || seen >= CATCHUP_MAX_MESSAGES) break;
      page = await agent.tb.messages.continueList(page.id);
    }
    // Messages waiting for decryption that fell out of the window are tried again too.
    for (const w of await agent.records.waiting()) {
      if (tried.has(w.headerMessageId)) continue;
      const found = await agent.tb.messages.query({ headerMessageId: w.headerMessageId });
      if (typeof found !== 'string') for (const header of found.messages.slice(0, 1)) await processMessage(agent, header, 'catchup');
    }
    await agent.records.setMeta('lastCatchUp', started.toISOString());
  } catch (e) {
    agent.log('error', { messageId: '', error: `catch-up: ${errorText(e)}` });
  }
  await deliverPending(agent);
  await sweepAllReminders(agent).catch((e) => agent.log('error', { messageId: '', error: `reminders: ${errorText(e)}` }));
  return seen;
}
