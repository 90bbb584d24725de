// The one typed message protocol between the add-on's pages (popup, manager, options) and its
// background script. Pages send a `Request` with `browser.runtime.sendMessage`; the background
// answers with `Reply<T>` (`{ ok: true, value }` or `{ ok: false, error }`), never a thrown error,
// so a page can always show what went wrong. Everything here is plain JSON data: no class
// instances, no Dates (ISO 8601 strings, UTC unless said otherwise), no functions.
//
// Pages hold no engine logic: every decision (what an answer means, what goes out, what is busy)
// is made in the background through src/core. Pages only render these views and send requests.

import type { TbCalendar } from '../thunderbird/calendars.js';
import type { Action, FbType, OutboxState, PartStat, QueueKind, Verification } from '../core/types.js';

/** An e-mail address, lower-cased, without `mailto:`. */
export type Address = string;

// ---------------------------------------------------------------------------------------------
// Identities and settings.

/** How the agent acts for an identity (options page); one list for the page and the background's check. */
export const IDENTITY_ROLES = ['person', 'resource', 'none'] as const;
export type IdentityRole = (typeof IDENTITY_ROLES)[number];

export interface IdentityInfo {
  /** Thunderbird's identity id (`id1`…). */
  id: string;
  accountId: string;
  email: Address;
  name: string;
  role: IdentityRole;
}

/** The add-on's own per-identity settings (engine preferences are separate: `prefs.*`). */
export interface IdentitySettings {
  role: IdentityRole;
  /** Whether anything may be sent without a click (resource answers, free/busy, REFRESH, ADD). */
  autoAnswers: boolean;
  notifyInvitations: boolean;
  notifyCounters: boolean;
  /** Reminders from VALARM through `alarms` + `notifications` (opt-in). */
  reminders: boolean;
}

/** Where an identity's accepted and organised events go in Thunderbird's calendars. */
export type CalendarTarget = { kind: 'auto' } | { kind: 'none' } | { kind: 'calendar'; id: string };

/** Per identity: which of Thunderbird's calendars receive and count (src/background/calendar-settings.ts). */
export interface CalendarSettings {
  /**
   * `auto`: the calendar that schedules for this identity (its `imip.identity.key`), else the
   * first writable enabled one; `none`: kept only in imip-agent; or one calendar by id.
   */
  target: CalendarTarget;
  /** The calendars whose events count as busy; null: every enabled calendar. */
  busy: string[] | null;
  /** A cancelled event in the calendar: kept marked cancelled, or removed. */
  onCancel: 'mark' | 'remove';
  /** A declined event in the calendar: kept marked declined, or removed. */
  onDecline: 'keep' | 'remove';
}

/** One of Thunderbird's calendars, as the options page lists it. */
export type CalendarOption = Omit<TbCalendar, 'identityKey'> & {
  /** This calendar schedules for the identity asked about (`imip.identity.key`). */
  forIdentity: boolean;
};

export interface CalendarSettingsView {
  settings: CalendarSettings;
  /** False when Thunderbird's calendars cannot be read (no calendar support): nothing is written. */
  available: boolean;
  calendars: CalendarOption[];
  /** The calendar accepted events go to now (the target resolved), or null: only in imip-agent. */
  writesTo: string | null;
}

/** Settings that are not per identity. */
export interface GlobalSettings {
  /** A compact banner inside the message pane (`scripting.messageDisplay`). */
  banner: boolean;
  /** Thunderbird's own invitation bar (`calendar.itip.showImipBar`), through the Experiment. */
  showImipBar: boolean;
  /** The message bar has offered once to hide Thunderbird's bar (answered either way). */
  imipBarOffered?: boolean;
}

export interface PrefMeta {
  name: string;
  help: string;
  default: string | null;
  /** The allowed values when the preference is an enumeration, else null (free text). */
  values: string[] | null;
  /** `engine` (core/prefs.ts) or `resource` (core/policy/prefs.ts). */
  group: 'engine' | 'resource';
}

// ---------------------------------------------------------------------------------------------
// Views of events.

export interface PersonView {
  address: Address;
  name: string | null;
  /** ROLE parameter (REQ-PARTICIPANT, OPT-PARTICIPANT, NON-PARTICIPANT, CHAIR). */
  role: string;
  /** CUTYPE parameter (INDIVIDUAL, ROOM, RESOURCE, GROUP, UNKNOWN). */
  cutype: string;
  partstat: PartStat;
  comment: string | null;
  delegatedTo: Address | null;
  delegatedFrom: Address | null;
  /** This attendee is the identity the view is for. */
  isUser: boolean;
}

export interface AttachmentView {
  /** Handle for `attachment.get` (stored bytes); absent for links. */
  id: string | null;
  name: string;
  type: string;
  size: number | null;
  /** A link (https:…): shown as text with an explicit "open link" action, never loaded. */
  uri: string | null;
  /**
   * Why a file has no bytes to download: `missing` (its CID: part was not in the message) or
   * `refused` (over a size bound). Absent for stored files, links and unstored mail.
   */
  unavailable?: 'missing' | 'refused';
}

export interface EventView {
  identity: Address;
  uid: string;
  /** The occurrence shown, as an ISO UTC instant (or YYYY-MM-DD for dates); null for the series. */
  recurrenceId: string | null;
  summary: string | null;
  location: string | null;
  /** Plain text; an HTML description (X-ALT-DESC) is never rendered as HTML. */
  description: string | null;
  start: string | null;
  end: string | null;
  allDay: boolean;
  /** The event's own zone (IANA after resolution), when it has one; null for UTC or floating. */
  tzid: string | null;
  /** The RRULE value (`FREQ=WEEKLY;BYDAY=MO`), or null. */
  rrule: string | null;
  rdates: string[];
  exdates: string[];
  organizer: { address: Address; name: string | null } | null;
  attendees: PersonView[];
  sequence: number;
  /** STATUS: TENTATIVE, CONFIRMED, CANCELLED. */
  status: string;
  transparency: 'OPAQUE' | 'TRANSPARENT';
  categories: string[];
  /** The identity's own PARTSTAT, when it is an attendee. */
  partstat: PartStat | null;
  relation: 'organizer' | 'attendee' | 'observer' | 'resource';
  attachments: AttachmentView[];
  /** The user's own counter-proposal for it, still waiting for the organiser (RFC 5546 §3.2.7). */
  proposal: ProposalView | null;
}

/** A busy block on a day picture or calendar grid. */
export interface BusyBlock {
  start: string;
  end: string;
  fbtype: FbType;
  /** The stored event causing it (own events), or null (someone's free/busy). */
  uid: string | null;
  summary: string | null;
}

export interface Change {
  /** `summary`, `when`, `location`, `description`, `recurrence`, `attendees`, `status`, `organizer`… */
  field: string;
  before: string | null;
  after: string | null;
}

export interface Period {
  start: string;
  end: string;
}

// ---------------------------------------------------------------------------------------------
// The popup: one displayed message.

export type PopupActionKind =
  | 'respond' // REQUEST/ADD as attendee: ACCEPTED / TENTATIVE / DECLINED
  | 'counter' // REQUEST as attendee: propose another time
  | 'delegate' // REQUEST as attendee
  | 'accept-counter' // COUNTER as organizer
  | 'decline-counter' // COUNTER as organizer
  | 'send-current' // REFRESH as organizer: send the current version
  | 'refresh'; // as attendee: ask the organizer for the current version

export interface InvitationItem {
  method: string;
  identity: Address;
  /** How the identity relates to this object. */
  role: 'organizer' | 'attendee' | 'resource' | 'observer';
  /** The object as the message carries it. */
  proposed: EventView;
  /** What the store holds now (after the agent handled the message), or null. */
  stored: EventView | null;
  /** The stored version before this message was applied, when there was one. */
  previous: EventView | null;
  /** What this message changed compared with `previous`. */
  changes: Change[];
  isUpdate: boolean;
  /** What the agent did with this object when the message arrived (a resource's decision…). */
  outcome: { action: Action; reason: string } | null;
  /** Sender is not the organizer, stale update, limits broken, method mismatch, unknown zone… */
  warnings: string[];
  /**
   * Who sent it, checked against the organiser (or the answering attendee): `verified` (the
   * From is them, a trusted relay, or the user's server authenticated it), `relayed` (a relay
   * says it sends on their behalf), `unverified`; with the reason in words. Null for the user's
   * own mail.
   */
  sender: { verification: Verification; note: string } | null;
  /** A queue item holding this object unapplied until the user confirms it (`queued.apply`). */
  waitingId: string | null;
  /** The user's busy time over the day(s) of the proposal, this event excluded. */
  dayBusy: BusyBlock[];
  /** The part of `dayBusy` that overlaps the proposal. */
  conflicts: BusyBlock[];
  /** COUNTER (as organizer): who proposed what. */
  counter: { from: Address; proposed: Period; comment: string | null; status: 'pending' | 'accepted' | 'declined' } | null;
  /** REPLY (as organizer): the attendee's answer. */
  reply: { from: Address; partstat: PartStat; comment: string | null; requestStatus: string[] } | null;
  /** VFREEBUSY: the busy time it reports. */
  freebusy: { from: Address | null; range: Period | null; busy: BusyBlock[] } | null;
  /** Actions the popup offers for this object. */
  actions: PopupActionKind[];
  /** The user's latest answer about this object (REPLY or COUNTER from the identity), as it stands in the outbox. */
  answer?: AnswerView | null;
}

/**
 * Where the user's answer is, one state machine shown alike everywhere (outbox.ts `phaseOf`):
 * `drafted` (written to the outbox, not yet handed on), `waiting-consent` (an answer to encrypted
 * mail that cannot be encrypted), `queued` (automatic answers off: waits for a click),
 * `sending`, `sent`, `failed`, `discarded` (dropped by the user), and `recorded` (answered
 * without sending: stored, nothing mailed).
 */
export type AnswerPhase = 'drafted' | 'waiting-consent' | 'queued' | 'sending' | 'sent' | 'failed' | 'discarded' | 'recorded';

export interface AnswerView {
  /** The PARTSTAT the answer carries (REPLY), or null for a COUNTER. */
  partstat: PartStat | null;
  method: string;
  phase: AnswerPhase;
  /** The outbox record (absent for `recorded`). */
  outboxId: string | null;
  at: string;
}

export interface MessageView {
  /** Thunderbird's message id (valid this session only). */
  messageId: number;
  headerMessageId: string | null;
  subject: string | null;
  from: string | null;
  date: string | null;
  encrypted: boolean;
  /** processed; waiting for decryption (no key, locked); error (a clear reason); none (no calendar data). */
  state: 'processed' | 'waiting-decryption' | 'error' | 'none';
  error: string | null;
  items: InvitationItem[];
}

export type PopupAction =
  /** `send: false` = answer without sending: stored and shown, nothing mailed (RFC 5546 leaves replying to the attendee). */
  | { kind: 'respond'; partstat: 'ACCEPTED' | 'TENTATIVE' | 'DECLINED'; comment?: string; recurrenceId?: string; send?: boolean }
  | { kind: 'counter'; start: string; end: string; comment?: string; recurrenceId?: string }
  | { kind: 'delegate'; to: Address; comment?: string; recurrenceId?: string }
  | { kind: 'accept-counter'; from: Address; recurrenceId?: string }
  | { kind: 'decline-counter'; from: Address; comment?: string; recurrenceId?: string }
  | { kind: 'send-current'; to: Address }
  | { kind: 'refresh' };

/** One message the background sent (or could not) because of an action. */
export interface SentView {
  /** Outbox record id (for `outbox.consent`). */
  id: string;
  to: Address[];
  method: string;
  subject: string;
  state: OutboxState;
  /** The same state in the answer state machine's words (AnswerPhase). */
  phase: AnswerPhase;
  encrypted: boolean;
  error: string | null;
  /** The identity that sends it. */
  from: Address;
  created: string;
  /** The event it is about, when it names one. */
  uid: string | null;
}

export interface ActionOutcome {
  results: { method: string; uid: string | null; action: Action; reason: string; warnings?: string[] }[];
  sent: SentView[];
}

// ---------------------------------------------------------------------------------------------
// The management page.

/** A time the user proposed and the organiser has not yet decided on. */
export interface ProposalView {
  start: string;
  end: string;
  /** Who decides: the organiser, with the name the event gives. */
  to: { address: Address; name: string | null } | null;
  comment: string | null;
  /** When it was sent. */
  at: string;
}

export interface OccurrenceView {
  uid: string;
  /** Null for a single event; the occurrence's RECURRENCE-ID otherwise. */
  recurrenceId: string | null;
  summary: string | null;
  location: string | null;
  start: string;
  end: string;
  allDay: boolean;
  status: string;
  partstat: PartStat | null;
  relation: EventView['relation'];
  transparency: 'OPAQUE' | 'TRANSPARENT';
  recurring: boolean;
  /** Something about this event waits for the user (an invitation, a counter…). */
  attention: boolean;
  /** Set for an item of one of Thunderbird's calendars the agent does not hold: shown read-only. */
  calendar?: { id: string; name: string; color: string | null };
  /** The user proposed another time for it and waits for the organiser's decision. */
  proposal: Period | null;
}

export interface AttentionItem {
  /** Queue item id, or `counter:<uid>|<rid>|<attendee>` for a pending counter. */
  id: string;
  /**
   * `unsent`: an outgoing message that waits or failed (id `outbox:<record id>`; dismissing discards it).
   * `unverified`: a message held because its sender is not verified (apply with `queued.apply`).
   */
  kind: QueueKind | 'unsent';
  identity: Address;
  uid: string | null;
  recurrenceId: string | null;
  from: Address | null;
  summary: string | null;
  reason: string;
  created: string;
}

export interface CounterView {
  from: Address;
  recurrenceId: string | null;
  direction: 'received' | 'sent';
  status: 'pending' | 'accepted' | 'declined';
  proposed: Period | null;
  comment: string | null;
  received: string;
}

export interface HistoryView {
  at: string;
  method: string;
  action: Action;
  from: Address | null;
  messageId: string | null;
  recurrenceId: string | null;
  note: string | null;
  /** For a message the user sent from here: where it really stands (the engine writes `sent` when it decides). */
  phase?: AnswerPhase;
  /** The words sent or received with it. */
  comment: string | null;
  /** For a counter-proposal: the time proposed (the note holds it as an ISO period). */
  proposed: Period | null;
}

/** What the editor edits; the background turns it into iCalendar through src/core. */
export interface EventDraft {
  /** Absent for a new event (the background assigns one). */
  uid?: string;
  summary: string;
  location: string;
  description: string;
  /** Wall-clock time in `tzid` (`YYYY-MM-DDTHH:mm`), or a date (`YYYY-MM-DD`) when allDay. */
  start: string;
  /** Exclusive end, same form as start (the day after the last day for allDay). */
  end: string;
  allDay: boolean;
  tzid: string;
  /** RRULE value without `RRULE:` (`FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`), or null. */
  rrule: string | null;
  /** Occurrences removed, as their start in the draft's form. */
  exdates: string[];
  attendees: {
    address: Address;
    name?: string;
    role: 'REQ-PARTICIPANT' | 'OPT-PARTICIPANT' | 'NON-PARTICIPANT' | 'CHAIR';
    cutype?: 'INDIVIDUAL' | 'ROOM' | 'RESOURCE' | 'GROUP';
  }[];
  transparency: 'OPAQUE' | 'TRANSPARENT';
  categories: string[];
  /** Files to send as CID attachments (RFC 6047 §4.3); stored ones by their id are kept. */
  attachments: { name: string; type: string; dataBase64?: string; keepId?: string }[];
}

export interface EventDetail {
  event: EventView;
  /** Overridden occurrences (their own times, answers, status). */
  overrides: EventView[];
  counters: CounterView[];
  history: HistoryView[];
  /** The event as the editor needs it (organizer only; null otherwise). */
  draft: EventDraft | null;
  /** The user's latest answer and where it stands (attendee), as in the popup and the bar. */
  answer?: AnswerView | null;
}

export interface PersonBusy {
  address: Address;
  /** Whether anything is known of this person's time (a free/busy reply or message). */
  known: boolean;
  /** When the information was received. */
  updated: string | null;
  range: Period | null;
  busy: BusyBlock[];
}

// ---------------------------------------------------------------------------------------------
// Requests and their answers.

export interface RequestMap {
  // identities and settings
  'identities.list': { req: {}; res: IdentityInfo[] };
  'settings.get': { req: { identity: Address }; res: IdentitySettings };
  'settings.set': { req: { identity: Address; settings: IdentitySettings }; res: IdentitySettings };
  'calendars.get': { req: { identity: Address }; res: CalendarSettingsView };
  'calendars.set': { req: { identity: Address; settings: CalendarSettings }; res: CalendarSettingsView };
  'global.get': { req: {}; res: GlobalSettings };
  'global.set': { req: { settings: GlobalSettings }; res: GlobalSettings };
  /** How Thunderbird writes dates and times: its regional locale and 12/24-hour clock (null: the locale's own). */
  'ui.format': { req: {}; res: { locale: string; hour12: boolean | null } };
  'prefs.get': { req: { identity: Address }; res: { effective: Record<string, string>; stored: Record<string, string>; meta: PrefMeta[]; systemZone: string } };
  /** All or nothing: every value is checked first; `error` names the first bad one. */
  'prefs.set': { req: { identity: Address; prefs: Record<string, string>; unset?: string[] }; res: Record<string, string> };

  // the popup
  /** The message displayed in a tab (the popup's own tab), read and matched against the store. */
  'message.view': { req: { tabId: number } | { messageId: number }; res: MessageView | null };
  'message.act': { req: { messageId: number; identity: Address; uid: string; action: PopupAction }; res: ActionOutcome };
  /** The identity's next free periods of a length, from a time on (working hours considered). */
  /** Applies a message held because its sender is not verified, as confirmed by the user. */
  'queued.apply': { req: { identity: Address; id: string; /** the object's UID: answers keep its encryption */ uid?: string }; res: ActionOutcome };
  'slots.free': { req: { identity: Address; after: string; durationMinutes: number; count: number; excludeUid?: string }; res: Period[] };
  /** The identity's busy time in a range (day pictures), one event optionally left out. */
  'busy.range': { req: { identity: Address; start: string; end: string; excludeUid?: string }; res: BusyBlock[] };

  // the management page
  'calendar.range': { req: { identity: Address; start: string; end: string }; res: OccurrenceView[] };
  'event.get': { req: { identity: Address; uid: string }; res: EventDetail | null };
  'attention.list': { req: { identity?: Address }; res: AttentionItem[] };
  'attention.dismiss': { req: { identity: Address; id: string }; res: {} };
  /** Create (no uid) or update an event the identity organizes; sends REQUESTs (and CANCELs). */
  'event.save': { req: { identity: Address; draft: EventDraft }; res: ActionOutcome & { uid: string } };
  'event.cancel': { req: { identity: Address; uid: string; recurrenceId?: string }; res: ActionOutcome };
  'event.respond': { req: { identity: Address; uid: string; action: PopupAction }; res: ActionOutcome };
  'counter.decide': {
    req: { identity: Address; uid: string; from: Address; recurrenceId?: string; decision: 'accept' | 'decline'; comment?: string };
    res: ActionOutcome;
  };
  'freebusy.people': { req: { identity: Address; addresses: Address[]; start: string; end: string }; res: PersonBusy[] };
  'freebusy.request': { req: { identity: Address; to: Address[]; start: string; end: string }; res: ActionOutcome };
  'attachment.get': { req: { identity: Address; uid: string; id: string }; res: { name: string; type: string; dataBase64: string } };
  'ics.import': { req: { identity: Address; text: string }; res: { imported: number; errors: string[] } };
  'ics.export': { req: { identity: Address; uid?: string }; res: { filename: string; text: string } };
  'ifb.export': { req: { identity: Address; start: string; end: string }; res: { filename: string; text: string } };
  /** The whole store (every identity) as one JSON document. */
  'backup.export': { req: {}; res: { filename: string; json: string } };
  /** Replaces the whole store with a backup, after checking all of it. */
  'backup.restore': { req: { json: string }; res: { users: number; events: number } };

  // outgoing mail
  'outbox.list': { req: {}; res: SentView[] };
  /** An answer to an encrypted message that cannot be encrypted: send in clear (true) or drop. */
  'outbox.consent': { req: { id: string; send: boolean }; res: SentView };
  /** A failed message tried again (a new attempt: the earlier one is known not to have gone out, or the user says so). */
  'outbox.resend': { req: { id: string }; res: SentView };
  /** A failed or waiting message dropped: never sent, no longer listed as needing attention. */
  'outbox.discard': { req: { id: string }; res: SentView };

  // navigation
  'open.manager': { req: { identity?: Address; uid?: string }; res: {} };
  'open.options': { req: {}; res: {} };
}

export type RequestType = keyof RequestMap;
export type Request<T extends RequestType = RequestType> = { [K in T]: { type: K } & RequestMap[K]['req'] }[T];
export type Response<T extends RequestType> = RequestMap[T]['res'];
export type Reply<T extends RequestType> = { ok: true; value: Response<T> } | { ok: false; error: string };

/** Messages the background pushes to open pages (`runtime.sendMessage` from the background). */
export type Notice =
  { notice: 'store.changed'; identity: Address; uids: string[] } | { notice: 'outbox.changed'; id: string; state: SentView['state']; phase?: AnswerPhase };

// Every request type once: the compiler checks this against RequestMap, both ways.
const TYPE_SET: Record<RequestType, true> = {
  'identities.list': true,
  'settings.get': true,
  'settings.set': true,
  'calendars.get': true,
  'calendars.set': true,
  'global.get': true,
  'global.set': true,
  'ui.format': true,
  'prefs.get': true,
  'prefs.set': true,
  'message.view': true,
  'message.act': true,
  'queued.apply': true,
  'slots.free': true,
  'busy.range': true,
  'calendar.range': true,
  'event.get': true,
  'attention.list': true,
  'attention.dismiss': true,
  'event.save': true,
  'event.cancel': true,
  'event.respond': true,
  'counter.decide': true,
  'freebusy.people': true,
  'freebusy.request': true,
  'attachment.get': true,
  'ics.import': true,
  'ics.export': true,
  'ifb.export': true,
  'backup.export': true,
  'backup.restore': true,
  'outbox.list': true,
  'outbox.consent': true,
  'outbox.resend': true,
  'outbox.discard': true,
  'open.manager': true,
  'open.options': true,
};
const TYPES = new Set(Object.keys(TYPE_SET));

/** Whether a runtime message is one of ours (the background ignores anything else). */
export function isRequest(value: unknown): value is Request {
  return typeof value === 'object' && value !== null && TYPES.has(String((value as { type?: unknown }).type));
}
