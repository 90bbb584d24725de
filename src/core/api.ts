// The engine's entry points as adapters (CLI, add-on background) call them. Each runs inside one
// store transaction handed in by the caller, so it is atomic and serialised per store.

import type { Address, AttachmentInput, CalendarUserRole, PartStat } from './types.js';
export type { AttachmentInfo, AttachmentInput } from './types.js';
import type { Strings } from './itip/strings.js';

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
