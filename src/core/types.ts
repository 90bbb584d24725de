// Shared vocabulary of the pure core. Names follow RFC 5545 / RFC 5546 (organizer, attendee,
// partstat, sequence). Nothing here touches the DOM, `messenger` or the clock.

import type { Method } from './itip/methods.js';

// The methods and their traits are one table (core/itip/methods.ts); named here as always.
export { METHODS, type Method } from './itip/methods.js';

/** The PARTSTAT values of a VEVENT attendee this agent knows (RFC 5545 §3.2.12); others read as NEEDS-ACTION. */
export const PARTSTATS = ['NEEDS-ACTION', 'ACCEPTED', 'DECLINED', 'TENTATIVE', 'DELEGATED'] as const;
export type PartStat = (typeof PARTSTATS)[number];
export const CALENDAR_USER_ROLES = ['person', 'resource'] as const;
export type CalendarUserRole = (typeof CALENDAR_USER_ROLES)[number];

/** An e-mail address, lower-cased, without `mailto:`. */
export type Address = string;

// ---------------------------------------------------------------------------------------------
// Mail, normalised from a raw RFC 5322 message or from Thunderbird's MessagePart tree.

export interface MailAddress {
  address: Address;
  name?: string;
}

export interface CalendarPart {
  /** Lower-cased media type, e.g. `text/calendar`, `application/ics`. */
  contentType: string;
  /** The `method=` parameter of the Content-Type, upper-cased, if any. */
  methodParam?: string;
  filename?: string;
  /** Decoded text of the part (transfer encoding and charset undone). */
  text: string;
  /** Where the part sat, e.g. `1.2` — for error messages. */
  path: string;
}

export interface MailMessage {
  messageId?: string;
  /** The one mailbox of the raw From field (core/mime/headers.ts fromMailbox). */
  from?: MailAddress;
  /**
   * Set when the raw From cannot name the sender (several mailboxes, an address only inside an
   * encoded word, none): the message is then unverified whatever it claims.
   */
  fromProblem?: string;
  /** Authentication-Results field values (RFC 8601), topmost first, as received. */
  authResults?: string[];
  /** Shown only ("sent on behalf of … by …"); never an identity, never a recipient. */
  sender?: MailAddress;
  /** Shown only; never an identity, never a recipient of automatic mail. */
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  subject?: string;
  date?: string;
  calendarParts: CalendarPart[];
  /**
   * The bodies of the message's other parts that carry a Content-ID, so that an ATTACH of a
   * calendar part can name one by `CID:` (RFC 6047 §4.3, RFC 2392). Filled only when a calendar
   * part mentions `CID:`; absent when there is none.
   */
  related?: RelatedPart[];
  /** True when the message arrived end-to-end encrypted (set by the add-on). */
  encrypted?: boolean;
}

/** A non-calendar MIME part with a Content-ID (core/mime/related.ts). */
export interface RelatedPart {
  /** The Content-ID without angle brackets, as the header gives it. */
  contentId: string;
  /** Lower-cased media type of the part. */
  contentType: string;
  filename?: string;
  /** The decoded body (transfer encoding undone). Empty when it was not copied (see size). */
  data: Uint8Array;
  /**
   * Octets of the body when the reader did not copy it because it is larger than
   * MAX_ATTACHMENT_BYTES (data is then empty); the engine lists it as refused with that size.
   */
  size?: number;
}

// ---------------------------------------------------------------------------------------------
// Attachments (RFC 5545 §3.8.1.1 ATTACH; RFC 6047 §4.3 CID references).

// The organiser's files (AttachmentInput) and the listing (AttachmentInfo) are in api.ts.

/** A stored attachment's bytes (store table `attachments`, keyed by user, event UID and id). */
export interface AttachmentRecord {
  uid: string;
  id: string;
  name: string;
  type: string;
  size: number;
  data: Uint8Array;
}

// ---------------------------------------------------------------------------------------------
// What the engine says.

// Each closed set of values is one `as const` list, its type derived from it, so that the
// checks of data read back (core/views/backup.ts) accept exactly what the types allow.

export const ACTIONS = [
  'stored', // new object stored
  'updated', // stored object changed
  'recorded', // an answer/counter/free-busy was recorded
  'cancelled',
  'answered', // an outgoing message answers it
  'queued', // kept for the user to decide
  'ignored', // nothing to do (stale, duplicate, not for this user)
  'refused', // rejected by a check; reason says why
  'unsupported',
  'sent', // a user action produced outgoing messages
  'error',
] as const;
export type Action = (typeof ACTIONS)[number];

/** How well a sender is known to be who a message needs (core/itip/sender.ts). */
export const VERIFICATION_LEVELS = ['verified', 'relayed', 'unverified'] as const;
export type Verification = (typeof VERIFICATION_LEVELS)[number];

export interface Result {
  method: string;
  uid: string | null;
  recurrenceId: string | null;
  action: Action;
  reason: string;
  /** Limits broken, sender/method mismatches… shown to the user, never blocking. */
  warnings?: string[];
  /**
   * How well the sender is known to be the organiser or attendee this needs (core/itip/sender.ts):
   * verified, relayed (a relay speaks for them), unverified. Absent where no sender mattered.
   */
  verification?: Verification;
}

/** An outgoing iMIP message as data; rendering to RFC 5322 happens in core/mime/render. */
export interface OutgoingMessage {
  from: Address;
  fromName?: string;
  to: Address[];
  subject: string;
  /** Plain-text summary for the text/plain alternative. */
  text: string;
  method: Method;
  /** Complete iCalendar object (VCALENDAR with METHOD), unfolded or folded. */
  ics: string;
  /** UID it concerns, for bookkeeping. */
  uid?: string;
  /** The sender's free/busy (VCALENDAR, METHOD:PUBLISH) sent along (`freebusy_bundling=always`). */
  freebusy?: string;
  /**
   * Files sent as MIME parts with these Content-IDs (without angle brackets), referenced by the
   * VEVENT's `ATTACH:CID:…` lines (RFC 6047 §4.3). Only on REQUEST messages.
   */
  attachments?: OutgoingAttachment[];
}

export interface OutgoingAttachment {
  cid: string;
  name: string;
  type: string;
  data: Uint8Array;
}

export interface Outcome {
  results: Result[];
  outgoing: OutgoingMessage[];
}

/** A handled mail message: with the stored events it concerns as they were before it was applied
 *  (what the popup compares against; events it created are absent). */
export interface HandledMessage extends Outcome {
  previous: StoredEvent[];
}

// ---------------------------------------------------------------------------------------------
// Stored state (per calendar user). Timestamps are ISO 8601 UTC strings.

export interface HistoryEntry {
  at: string;
  method: string;
  action: Action;
  messageId?: string;
  recurrenceId?: string;
  from?: Address;
  note?: string;
  /** The words sent with the answer or proposal (COMMENT, RFC 5545 §3.8.1.4). */
  comment?: string;
}

/** How the user relates to a stored event. */
export const RELATIONS = ['organizer', 'attendee', 'observer'] as const;
export type Relation = (typeof RELATIONS)[number];

export interface StoredEvent {
  uid: string;
  /** The user's copy: one VCALENDAR (no METHOD) holding the master and any overrides. */
  ics: string;
  /** How the user relates to it. */
  relation: Relation;
  organizer?: Address;
  sequence: number;
  /** Master DTSTAMP as ISO UTC, for ordering updates of equal sequence. */
  dtstamp?: string;
  /** Whole event cancelled (STATUS:CANCELLED kept for reference). */
  cancelled: boolean;
  created: string;
  updated: string;
  history: HistoryEntry[];
  /** Last REPLY DTSTAMP per `attendee|recurrenceId`: an older reply never overrides a newer one. */
  replies?: Record<string, string>;
  /** What each attendee said with their last answer, per `attendee|recurrenceId`. */
  notes?: Record<string, AttendeeNote>;
  /** Ids of the rows in the `attachments` table that the event's ATTACH lines refer to. */
  attachments?: string[];
}

export interface AttendeeNote {
  partstat: PartStat;
  comment?: string;
  /** REQUEST-STATUS values of the reply (RFC 5546 §3.6), kept like SCHEDULE-STATUS. */
  requestStatus?: string[];
  at: string;
}

export const COUNTER_DIRECTIONS = ['received', 'sent'] as const;
export const COUNTER_STATUSES = ['pending', 'accepted', 'declined'] as const;

export interface CounterRecord {
  uid: string;
  /** Canonical recurrence id key (see core/ical) or '' for the whole event. */
  recurrenceId: string;
  /** The attendee who proposed (received) or the user themself (sent). */
  attendee: Address;
  direction: (typeof COUNTER_DIRECTIONS)[number];
  status: (typeof COUNTER_STATUSES)[number];
  /** The COUNTER's VCALENDAR text as received or sent. */
  ics: string;
  comment?: string;
  dtstamp?: string;
  received: string;
  /** For a sent counter under `freebusy_offers`: the proposed period is held until then. */
  holdUntil?: string;
  messageId?: string;
  /** When the user took a pending received counter off the attention list (still undecided). */
  dismissed?: string;
}

/** What an attention-queue item is about. */
export const QUEUE_KINDS = [
  'invitation',
  'update',
  'refused',
  'counter',
  'refresh',
  'reply',
  'cancel',
  'add',
  'freebusy',
  'publish',
  'unsupported',
  'unverified',
] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

export interface QueueItem {
  id: string;
  /** `unverified`: a message not applied because its sender is not verified; `ics` holds it and
   *  the user may apply it (engine applyQueued), as sent by `party`. */
  kind: QueueKind;
  uid?: string;
  /** unverified: the organiser or attendee the message claims to come from. */
  party?: Address;
  /** unverified: its iTIP method. */
  method?: string;
  recurrenceId?: string;
  messageId?: string;
  from?: Address;
  reason: string;
  created: string;
  /** For refused items the raw calendar text, so the user can still decide. */
  ics?: string;
}

/**
 * FBTYPE values kept (RFC 5545 §3.2.9). The position is the code the free/busy index stores in
 * its rows (BusyRow, core/busy-index.ts): append, never reorder.
 */
export const FBTYPES = ['BUSY', 'BUSY-TENTATIVE', 'BUSY-UNAVAILABLE', 'FREE'] as const;
export type FbType = (typeof FBTYPES)[number];

export interface BusyPeriod {
  start: string;
  end: string;
  fbtype: FbType;
  uid?: string;
}

/** Where others' free/busy came from. */
export const FREEBUSY_SOURCES = ['reply', 'publish', 'request', 'attendee-reply'] as const;

export interface FreeBusyRecord {
  address: Address;
  /** Range the information covers, if known. */
  start?: string;
  end?: string;
  periods: BusyPeriod[];
  updated: string;
  source: (typeof FREEBUSY_SOURCES)[number];
}

export interface ProcessedRecord {
  messageId: string;
  at: string;
  results: Result[];
}

export type Prefs = Record<string, string>;

/** Bookings charged against an organiser's quota (resource agent). */
export interface UsageRecord {
  /** Quota journal name: the resource's `quota_group`, or its own address. */
  journal: string;
  organizer: Address;
  uid: string;
  recurrenceId: string;
  resource: Address;
  start: string;
  end: string;
}

/**
 * One row of the free/busy index (core/busy-index): an event's busy periods that fall in one
 * time bucket, or a marker that part of the event lies outside what was indexed.
 */
export interface BusyRow {
  /** `w<week>` periods, `l` long periods, `p<week>`/`f<week>` outside-coverage markers, `x` unindexable. */
  bucket: string;
  uid: string;
  /** [start ms, end ms, fbtype code] (0 BUSY, 1 BUSY-TENTATIVE, 2 BUSY-UNAVAILABLE). */
  periods: [number, number, number][];
  /** What was indexed for the event: occurrences outside [from, to) are computed when asked for. */
  from?: number;
  to?: number;
}

export interface BusyIndexState {
  version: number;
  /** The zone floating times and dates were read in when indexing. */
  zone: string;
}

export const OUTBOX_STATES = ['pending', 'sent', 'failed', 'needs-consent'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** Outgoing messages recorded so that a restart never sends twice (add-on). */
export interface OutboxRecord {
  id: string;
  created: string;
  state: OutboxState;
  message: OutgoingMessage;
  error?: string;
}
