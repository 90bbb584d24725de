// The engine's entry points as adapters (CLI, add-on background) call them. Each runs inside one
// store transaction handed in by the caller, so it is atomic and serialised per store.

import type { Address, CalendarUserRole, PartStat } from './types.js';
import type { Strings } from './itip/strings.js';
import type { CalendarSource } from './calendars/source.js';

export interface EngineOptions {
  /** The calendar user acted for (lower-case address, no mailto:). */
  user: Address;
  role: CalendarUserRole;
  /** Injected clock: the engine never reads the system time. */
  now: Date;
  /** Injected randomness for UIDs, Message-IDs and queue ids. */
  newId: () => string;
  /** Translated subjects and body lines (English when absent). */
  strings?: Partial<Strings>;
  /**
   * The user's calendars in Thunderbird that count as busy (core/calendars): their items join
   * the agent's own events in every busy time the engine computes, one event per UID.
   */
  calendars?: CalendarSource;
  /** The user's language (BCP 47) for times written in outgoing text; English when absent. */
  locale?: string;
  /** The user's display name for From and the text (the CN preference wins when set). */
  userName?: string;
}

export interface HandleOptions extends EngineOptions {
  /** The message was sent by the user (seen in Sent, or `--outgoing`). */
  outgoing?: boolean;
}

export interface RespondArgs {
  uid: string;
  recurrenceId?: string;
  partstat: Extract<PartStat, 'ACCEPTED' | 'TENTATIVE' | 'DECLINED'>;
  comment?: string;
  /**
   * false: record the answer in the user's copy without mailing the organiser ("answer without
   * sending", or an answer already given elsewhere, e.g. Thunderbird's own invitation bar).
   */
  send?: boolean;
}

export interface CounterArgs {
  uid: string;
  recurrenceId?: string;
  /** ISO 8601; without an offset read in the user's TZID. */
  start: string;
  end: string;
  comment?: string;
}

export interface DelegateArgs {
  uid: string;
  recurrenceId?: string;
  to: Address;
  comment?: string;
}

export interface OrganiseArgs {
  /** An iCalendar object with one event (master and optional overrides). */
  ics: string;
  /**
   * Files to send with the event as MIME parts referenced by `ATTACH:CID:…` (RFC 6047 §4.3),
   * added to every component. On update the event's attachments become the ics's ATTACH lines
   * (links, inline data, `CID:` of this event's stored attachments) plus these; the same file
   * keeps its Content-ID from one update to the next.
   */
  attachments?: AttachmentInput[];
}

export interface AttachmentQuery {
  uid: string;
  /** An occurrence: its override's attachments, or the master's when it has none of its own. */
  recurrenceId?: string;
}

/** A queued message to apply as confirmed by the user (QueueItem kind `unverified`). */
export interface ApplyQueuedArgs {
  id: string;
}

export interface CancelArgs {
  uid: string;
  recurrenceId?: string;
}

export interface CounterDecisionArgs {
  uid: string;
  from: Address;
  recurrenceId?: string;
  comment?: string;
}

export interface FreeBusyRequestArgs {
  to: Address[];
  start: string;
  end: string;
}

export interface RangeArgs {
  start: string;
  end: string;
}

// ---------------------------------------------------------------------------------------------
// Attachments (RFC 5545 §3.8.1.1 ATTACH; RFC 6047 §4.3 CID references).

/** A file the organiser adds to an invitation or update. */
export interface AttachmentInput {
  name: string;
  /** Media type, e.g. `application/pdf`; an unusable one is sent as application/octet-stream. */
  type: string;
  data: Uint8Array;
}

/** One attachment of a stored event or occurrence, as the add-on and the CLI list it. */
export interface AttachmentInfo {
  /** Stable within the event: the stored copy's id (getAttachment), or a link's/missing/refused part's key. */
  id: string;
  /** The name as the sender gave it, control characters removed (display it as text). */
  name: string;
  /** A safe file name for saving: no path separators, no leading dots, no control characters. */
  fileName: string;
  type: string;
  /**
   * Octets of the stored copy; of a refused one as the message declared or the reader measured it;
   * of a link's target when its SIZE parameter says (RFC 8607); else null.
   */
  size: number | null;
  /** Links only: the URI, never fetched by the agent. */
  uri?: string;
  /**
   * `stored`: bytes kept in the store; `link`: a URI; `missing`: a CID the message did not carry;
   * `refused`: received past MAX_ATTACHMENT_BYTES or MAX_MESSAGE_ATTACHMENT_BYTES, so not copied
   * (the event was stored and its result warned; the file stays in the mail).
   */
  kind: 'stored' | 'link' | 'missing' | 'refused';
  /** null for the master (whole event), else the overridden occurrence's canonical key. */
  recurrenceId: string | null;
}
