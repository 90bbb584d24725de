/* The calendar Experiment of imip-agent: Thunderbird's own calendars (local, CalDAV, Google…)
 * read and written from the add-on. Runs privileged, in Thunderbird's parent process; plain
 * JavaScript, loaded as it is.
 *
 * Why it exists: Thunderbird has no built-in calendar WebExtension API (none up to 156:
 * mail/components/extensions/schemas/ has no calendar schema). Without this, the add-on's accepted
 * meetings never reach the calendars the user looks at and syncs, and its conflict checks ignore
 * every meeting made in Thunderbird. The namespaces follow the calendar API drafted for Thunderbird
 * (thunderbird/webext-experiments, `calendar.calendars`, `calendar.items`; the calendar time
 * zone, `calendar.timezones`, is timezones.js), so that a built-in API can replace these files
 * without touching the background.
 *
 * It only moves iCalendar text: list calendars, read one calendar's events in a range (masters
 * with their overrides, never expanded), get/add/modify/delete one event by UID, report changes
 * (calIObserver on the calendar manager). Every input is checked here:
 * the calendar must exist, strings are bounded, the text must be one VCALENDAR carrying VEVENTs of
 * exactly one UID, and nothing is written to a read-only or disabled calendar. It runs no code it
 * is given and touches no preference.
 */
'use strict';

/* global ChromeUtils, Cc, Ci */

var { ExtensionCommon } = ChromeUtils.importESModule('resource://gre/modules/ExtensionCommon.sys.mjs');
var { ExtensionUtils } = ChromeUtils.importESModule('resource://gre/modules/ExtensionUtils.sys.mjs');
var { cal } = ChromeUtils.importESModule('resource:///modules/calendar/calUtils.sys.mjs');
var { ExtensionError } = ExtensionUtils;

const MAX_ICS = 1024 * 1024; // one item's iCalendar text
const MAX_ID = 1024; // a calendar id or a UID
const MAX_ITEMS = 100000; // one query's answer
const MAX_COMPONENTS = 2000; // VEVENTs + VTIMEZONEs in one item
/** Calendar properties whose change alters what the calendar counts for: re-read it. */
const RESET_PROPERTIES = new Set(['disabled', 'readOnly', 'imip.identity.key', 'name', 'color']);

function fail(message) {
  throw new ExtensionError(`calendar: ${message}`);
}

function checkId(value, what) {
  if (typeof value !== 'string' || !value.length || value.length > MAX_ID) fail(`bad ${what}`);
  return value;
}

function calendarById(id) {
  const calendar = cal.manager.getCalendarById(checkId(id, 'calendar id'));
  if (!calendar) fail(`no calendar ${id}`);
  return calendar;
}

function writable(id) {
  const calendar = calendarById(id);
  if (calendar.getProperty('disabled')) fail(`calendar ${id} is disabled`);
  if (calendar.readOnly) fail(`calendar ${id} is read-only`);
  if (calendar.getProperty('capabilities.events.supported') === false) fail(`calendar ${id} holds no events`);
  return calendar;
}

function describeCalendar(calendar) {
  const out = {
    id: calendar.id,
    type: calendar.type,
    name: calendar.name || '',
    readOnly: !!calendar.readOnly,
    enabled: !calendar.getProperty('disabled'),
  };
  const color = calendar.getProperty('color');
  if (typeof color === 'string' && color) out.color = color;
  const identityKey = calendar.getProperty('imip.identity.key');
  if (typeof identityKey === 'string' && identityKey) out.identityKey = identityKey;
  return out;
}

/** The item as the add-on sees it: the master (with its overrides) as one VCALENDAR. */
function describeItem(item) {
  const master = item.parentItem || item;
  return { id: master.id, calendarId: master.calendar ? master.calendar.id : '', type: 'event', format: 'ical', item: cal.item.serialize(master) };
}

/** ISO 8601 UTC (`2026-12-06T09:00:00Z`, seconds and fraction optional) → calIDateTime, or null. */
function rangeDate(value, what) {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?Z$/.test(value)) fail(`bad ${what}`);
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) fail(`bad ${what}`);
  return cal.dtz.jsDateToDateTime(new Date(ms), cal.dtz.UTC);
}

/**
 * The one event `text` carries, checked: one VCALENDAR whose components are VEVENTs of one UID
 * (the master, at most one, and RECURRENCE-ID overrides) and VTIMEZONEs. Returns the parsed event.
 */
function parseEvent(properties, expectedUid) {
  const text = properties && properties.item;
  if (properties && properties.format != null && properties.format !== 'ical') fail('only the ical format is supported');
  if (typeof text !== 'string' || !text.length) fail('no iCalendar text');
  if (text.length > MAX_ICS) fail('the iCalendar text is larger than 1 MiB');
  if ((text.match(/^BEGIN:VCALENDAR\s*$/gim) || []).length !== 1) fail('the text must hold exactly one VCALENDAR');
  let root;
  try {
    root = cal.icsService.parseICS(text);
  } catch (e) {
    fail(`the iCalendar text does not parse: ${e && e.message ? e.message : e}`);
  }
  if (root.componentType !== 'VCALENDAR') fail('the text is not a VCALENDAR');
  const uids = new Set();
  let masters = 0;
  let count = 0;
  for (let comp = root.getFirstSubcomponent('ANY'); comp; comp = root.getNextSubcomponent('ANY')) {
    if (++count > MAX_COMPONENTS) fail('too many components');
    if (comp.componentType === 'VTIMEZONE') continue;
    if (comp.componentType !== 'VEVENT') fail(`a ${comp.componentType} is not an event`);
    if (!comp.uid) fail('a VEVENT has no UID');
    uids.add(comp.uid);
    if (!comp.getFirstProperty('RECURRENCE-ID')) masters++;
  }
  if (uids.size !== 1) fail(`the VCALENDAR must carry VEVENTs of exactly one UID (found ${uids.size})`);
  if (masters > 1) fail('more than one master VEVENT');
  const uid = [...uids][0];
  if (uid.length > MAX_ID) fail('the UID is too long');
  if (expectedUid !== undefined && uid !== expectedUid) fail(`the text carries UID ${uid}, not ${expectedUid}`);

  const parser = Cc['@mozilla.org/calendar/ics-parser;1'].createInstance(Ci.calIIcsParser);
  parser.parseString(text);
  const items = parser.getItems().filter((i) => i.isEvent());
  if (items.length !== 1 || parser.getParentlessItems().length) fail('the overrides need their master VEVENT');
  return items[0];
}

/**
 * One calIObserver on the calendar manager (every calendar) and one calendar-manager observer,
 * registered while the add-on listens; each change goes to every listener of its kind.
 */
class Changes {
  constructor() {
    this.listeners = { created: new Set(), updated: new Set(), removed: new Set(), reset: new Set() };
    const emit = (kind, ...args) => {
      for (const listener of this.listeners[kind]) listener(...args);
    };
    // Inside a batch (an import, a sync) a calendar reports every item; the add-on is told once,
    // at its end, to read the calendar again, instead of receiving thousands of items one by one.
    const batches = new Map();
    const event = (item) => {
      const calendar = item && item.isEvent() && (item.parentItem || item).calendar;
      return calendar && !batches.get(calendar.id);
    };
    this.itemObserver = {
      QueryInterface: ChromeUtils.generateQI(['calIObserver']),
      onStartBatch(calendar) {
        if (calendar) batches.set(calendar.id, (batches.get(calendar.id) || 0) + 1);
      },
      onEndBatch(calendar) {
        if (!calendar) return;
        const depth = (batches.get(calendar.id) || 1) - 1;
        if (depth > 0) batches.set(calendar.id, depth);
        else batches.delete(calendar.id);
        if (!depth) emit('reset', calendar.id);
      },
      onLoad(calendar) {
        if (calendar) emit('reset', calendar.id);
      },
      onAddItem(item) {
        if (event(item)) emit('created', describeItem(item));
      },
      onModifyItem(item) {
        if (event(item)) emit('updated', describeItem(item));
      },
      onDeleteItem(item) {
        if (event(item)) emit('removed', (item.parentItem || item).calendar.id, (item.parentItem || item).id);
      },
      onError() {},
      onPropertyChanged(calendar, name) {
        if (calendar && RESET_PROPERTIES.has(name)) emit('reset', calendar.id);
      },
      onPropertyDeleting(calendar, name) {
        if (calendar && RESET_PROPERTIES.has(name)) emit('reset', calendar.id);
      },
    };
    this.managerObserver = {
      QueryInterface: ChromeUtils.generateQI(['calICalendarManagerObserver']),
      onCalendarRegistered: (calendar) => emit('reset', calendar.id),
      onCalendarUnregistering: (calendar) => emit('reset', calendar.id),
      onCalendarDeleting: (calendar) => emit('reset', calendar.id),
    };
    this.observing = false;
  }

  listen(kind, listener) {
    this.listeners[kind].add(listener);
    this.update();
    return () => {
      this.listeners[kind].delete(listener);
      this.update();
    };
  }

  update() {
    const wanted = Object.values(this.listeners).some((set) => set.size > 0);
    if (wanted === this.observing) return;
    this.observing = wanted;
    if (wanted) {
      cal.manager.addCalendarObserver(this.itemObserver);
      cal.manager.addObserver(this.managerObserver);
    } else {
      cal.manager.removeCalendarObserver(this.itemObserver);
      cal.manager.removeObserver(this.managerObserver);
    }
  }

  stop() {
    for (const set of Object.values(this.listeners)) set.clear();
    this.update();
  }
}

/** Runs `fn`, handing any failure to the add-on as an ExtensionError with its real reason. */
async function guarded(fn) {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ExtensionError) throw e;
    throw new ExtensionError(`calendar: ${e && e.message ? e.message : String(e)}`);
  }
}

this.calendar = class extends ExtensionCommon.ExtensionAPI {
  onShutdown() {
    if (this.changes) this.changes.stop();
  }

  getAPI(context) {
    const changes = (this.changes = this.changes || new Changes());
    const event = (name, kind, wrap) =>
      new ExtensionCommon.EventManager({
        context,
        name: `calendar.${name}`,
        register: (fire) => changes.listen(kind, (...args) => fire.async(...wrap(...args))),
      }).api();

    return {
      calendar: {
        calendars: {
          query: () => guarded(async () => cal.manager.getCalendars().map(describeCalendar)),
        },
        items: {
          query: (options) =>
            guarded(async () => {
              const calendar = calendarById(options && options.calendarId);
              const start = rangeDate(options.rangeStart, 'rangeStart');
              const end = rangeDate(options.rangeEnd, 'rangeEnd');
              // Without ITEM_FILTER_CLASS_OCCURRENCES a provider checks a recurring master's own
              // first dates only (docs/E2E.md, "Thunderbird's calendars"), missing a series that
              // began before the range: with both ends, ask for occurrences, keep their masters.
              // With an open end, expanding an endless rule would never stop: take every master,
              // recurring ones whatever their first date, the others when they overlap the range.
              const bounded = !!(start && end);
              const filter = Ci.calICalendar.ITEM_FILTER_TYPE_EVENT | (bounded ? Ci.calICalendar.ITEM_FILTER_CLASS_OCCURRENCES : 0);
              let found = await calendar.getItemsAsArray(filter, MAX_ITEMS, bounded ? start : null, bounded ? end : null);
              if (!bounded && (start || end)) found = found.filter((i) => i.recurrenceInfo || cal.item.checkIfInRange(i, start, end));
              const seen = new Set();
              const out = [];
              for (const item of found) {
                const master = item.parentItem || item;
                if (seen.has(master.id)) continue;
                seen.add(master.id);
                out.push(describeItem(master));
              }
              return out;
            }),
          get: (calendarId, id) =>
            guarded(async () => {
              const item = await calendarById(calendarId).getItem(checkId(id, 'UID'));
              return item && item.isEvent() ? describeItem(item) : null;
            }),
          create: (calendarId, properties) =>
            guarded(async () => {
              const calendar = writable(calendarId);
              const item = parseEvent(properties);
              if (await calendar.getItem(item.id)) fail(`UID ${item.id} is already in calendar ${calendarId}`);
              const added = await calendar.addItem(item);
              return describeItem(added || (await calendar.getItem(item.id)));
            }),
          update: (calendarId, id, properties) =>
            guarded(async () => {
              const calendar = writable(calendarId);
              const item = parseEvent(properties, checkId(id, 'UID'));
              const old = await calendar.getItem(id);
              if (!old) fail(`no UID ${id} in calendar ${calendarId}`);
              // The local calendar refuses a change made on an older generation of the item.
              item.generation = old.generation;
              // Observers (the alarm service among them) read the modified item's calendar.
              item.calendar = calendar.superCalendar || calendar;
              const modified = await calendar.modifyItem(item, old);
              return describeItem(modified || (await calendar.getItem(id)));
            }),
          remove: (calendarId, id) =>
            guarded(async () => {
              const calendar = writable(calendarId);
              const old = await calendar.getItem(checkId(id, 'UID'));
              if (old) await calendar.deleteItem(old);
            }),
          onCreated: event('items.onCreated', 'created', (item) => [item]),
          onUpdated: event('items.onUpdated', 'updated', (item) => [item]),
          onRemoved: event('items.onRemoved', 'removed', (calendarId, id) => [calendarId, id]),
          onReset: event('items.onReset', 'reset', (calendarId) => [calendarId]),
        },
      },
    };
  }
};
