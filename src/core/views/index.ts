// Pure view models the add-on's background answers its pages with (src/shared/protocol.ts).
// Built on the engine's own readers (itip/model, objects, freebusy, busy-index, ical/*): nothing
// here re-implements iTIP; nothing touches `messenger`, the DOM or the clock (EngineOptions
// brings `now` and `newId`). Every function taking a StoreTx runs inside the caller's
// transaction, like the engine's own (src/core/itip/actions/queries.ts).

export { messageItems } from './message.js';
export { eventView, eventDetail } from './events.js';
export { calendarRange, attentionList, dismissAttention, counterAttentionId } from './calendar.js';
export { busyRange, freeSlots, peopleBusy, DEFAULT_WORKING_HOURS, SLOT_SEARCH_DAYS } from './busy.js';
export { draftToIcs, eventToDraft } from './draft.js';
export { importIcs } from './import.js';
export { exportBackup, restoreBackup, readBackup, BACKUP_FORMAT, BACKUP_VERSION } from './backup.js';
export { prefMeta } from './prefs.js';
export { MAX_RANGE_MS } from './common.js';
