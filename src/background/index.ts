// The background script (an MV3 event page: suspended when idle). Every listener is added
// synchronously here at the top level so that Thunderbird can wake the page for any of them; no
// state lives only in memory (the store and the records are IndexedDB, settings storage.local).
import { isRequest } from '../shared/protocol.js';
import { listed, type MessageHeader, type MessageList, type Tb } from '../thunderbird/api.js';
import { calendarIdentities, makeAgent } from './agent.js';
import { handleNewMail } from './pipeline.js';
import { updateDisplayAction } from './display.js';
import { handleRequest } from './service.js';
import { catchUp, CATCHUP_ALARM, CATCHUP_PERIOD_MINUTES } from './catchup.js';
import { REMINDER_ALARM_PREFIX, showReminder } from './notify.js';
import { applyBanner, BANNER_QUERY, BAR_OPEN_POPUP, bannerFor, openPopupFromBar } from './banner.js';
import { getGlobalSettings } from './settings.js';
import { errorText } from './log.js';
import { startUp, MENU_MANAGER } from './startup.js';
import { calendarBridge } from '../thunderbird/calendar-bridge.js';
import { onCalendarChange } from './calendar-observer.js';
import { retryCalendarWrites } from './calendar-writer.js';
import { followZone } from './zone.js';

const tb = messenger as unknown as Tb;
// Thunderbird's calendars through the calendar Experiment (absent if it could not load).
const bridge = messenger.calendar ? calendarBridge(messenger.calendar) : undefined;
const agent = makeAgent(tb, bridge ? { calendarBridge: bridge } : {});

// Items the user adds, edits, answers or deletes in Thunderbird's calendars (calIObserver).
bridge?.onItemChanged((change) => void onCalendarChange(agent, change));
// The user's zone follows Thunderbird's calendar time zone setting as it changes (zone.ts).
bridge?.onTimezoneChanged((zone) => {
  agent.calendars?.setZone(zone);
  void followZone(agent, zone).catch((e) => agent.log('error', { messageId: '', error: `time zone: ${errorText(e)}` }));
});

// Mail in every folder (Sent included: answers the user gave elsewhere are recorded from there).
messenger.messages.onNewMailReceived.addListener((_folder, list) => handleNewMail(agent, list), true);

// MV3 hands a MessageList (MV2 an array: the 127 typings' shape).
messenger.messageDisplay.onMessagesDisplayed.addListener(async (tab, displayed: MessageList | MessageHeader[]) => {
  if (tab.id === undefined) return;
  const headers = listed(displayed);
  // One message shown: its own state; several selected: the button is off.
  await updateDisplayAction(agent, tab.id, headers.length === 1 ? headers[0]! : null).catch((e) =>
    agent.log('error', { messageId: headers[0]?.headerMessageId ?? '', error: errorText(e) }),
  );
});

messenger.runtime.onMessage.addListener((message: unknown, sender: messenger.runtime.MessageSender) => {
  if (isRequest(message)) return handleRequest(agent, message);
  const query = (message as { query?: unknown } | null)?.query;
  if (query === BANNER_QUERY && sender.tab?.id !== undefined) return bannerFor(agent, sender.tab.id).catch(() => null);
  if (query === BAR_OPEN_POPUP && sender.tab?.id !== undefined) {
    const m = message as { uid?: unknown; form?: unknown };
    const o = { ...(typeof m.uid === 'string' ? { uid: m.uid } : {}), ...(m.form === 'counter' ? { form: 'counter' as const } : {}) };
    return openPopupFromBar(agent, sender.tab.id, o).catch(() => false);
  }
  return undefined;
});

messenger.alarms.onAlarm.addListener(async (alarm) => {
  if (alarm.name === CATCHUP_ALARM) await catchUp(agent);
  else if (alarm.name.startsWith(REMINDER_ALARM_PREFIX)) await showReminder(agent, alarm.name);
});

messenger.menus.onClicked.addListener(async (info) => {
  if (info.menuItemId === MENU_MANAGER) await handleRequest(agent, { type: 'open.manager' });
});

messenger.runtime.onInstalled.addListener(async () => {
  await startUp(agent, { install: true });
});
messenger.runtime.onStartup.addListener(async () => {
  await startUp(agent, { install: false });
});

// Runs each time the page wakes: the button starts disabled, the periodic catch-up exists, the
// banner script matches the setting.
void (async () => {
  try {
    await messenger.messageDisplayAction.disable();
    await messenger.alarms.create(CATCHUP_ALARM, { periodInMinutes: CATCHUP_PERIOD_MINUTES });
    await applyBanner(agent, (await getGlobalSettings(tb)).banner);
    // A zone changed while the page slept (a move, the setting changed) is caught up on waking.
    await followZone(agent);
    // "ready" means the store opened too (the end-to-end harness waits for it).
    await agent.store().transact(async () => undefined);
  } catch (e) {
    agent.log('error', { messageId: '', error: `wake-up: ${errorText(e)}` });
  }
  agent.log('ready', { version: messenger.runtime.getManifest().version });
  try {
    // Thunderbird's calendars read now rather than on the first popup; then the calendar writes
    // a restart interrupted.
    await calendarIdentities(agent);
    await retryCalendarWrites(agent);
  } catch (e) {
    agent.log('error', { messageId: '', error: `calendars at wake-up: ${errorText(e)}` });
  }
})();
