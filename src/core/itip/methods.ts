// The iTIP methods (RFC 5546 §1.4, §3.2) and what each one means to this agent, in one table.
// Every decision that depends on the method alone reads its row here (dispatch, the sender
// check, outgoing attachments, bundled free/busy, the views and the pages), so a method's
// traits cannot drift apart between lists. Pure data: no imports, safe for the pages too.

export interface MethodTraits {
  /**
   * Who sends it (RFC 5546 §1.4, §3.2 table): the organiser (PUBLISH, REQUEST, ADD, CANCEL,
   * DECLINECOUNTER) or an attendee (REPLY, REFRESH, COUNTER). The sender is checked against that
   * party (§6.1).
   */
  readonly from: 'organizer' | 'attendee';
  /**
   * It carries a version of the event that is stored as sent, ATTACH lines included: received,
   * its files are staged with it (core/itip/dispatch.ts); shown, it may update the stored copy.
   */
  readonly stores: boolean;
  /** It asks the attendee for an answer (§3.2.2 REQUEST, §3.2.4 ADD): respond, counter, delegate. */
  readonly invites: boolean;
  /** It says where an attendee stands: a REPLY's PARTSTAT (§3.2.3), a COUNTER's proposal (§3.2.7). */
  readonly answers: boolean;
  /** It puts the event at a time the user might take: its conflicts with the user's busy time matter. */
  readonly proposes: boolean;
  /**
   * Scheduling mail, which bundled free/busy rides on (`freebusy_bundling=always`, core/itip/bundle.ts);
   * a PUBLISH is information only.
   */
  readonly scheduling: boolean;
  /**
   * What its outgoing ATTACH lines may be (core/attachments/outgoing.ts): `parts`, stored files go
   * as MIME parts with their Content-IDs (RFC 6047 §4.3) and inline values and links stay;
   * `links`, only URIs stay; `none`, answers carry no attachments at all.
   */
  readonly attachments: 'parts' | 'links' | 'none';
}

/** One row per method; the order is the one METHODS has always listed them in. */
export const METHOD_TABLE = {
  PUBLISH: { from: 'organizer', stores: true, invites: false, answers: false, proposes: true, scheduling: false, attachments: 'links' },
  REQUEST: { from: 'organizer', stores: true, invites: true, answers: false, proposes: true, scheduling: true, attachments: 'parts' },
  REPLY: { from: 'attendee', stores: false, invites: false, answers: true, proposes: false, scheduling: true, attachments: 'none' },
  ADD: { from: 'organizer', stores: true, invites: true, answers: false, proposes: true, scheduling: true, attachments: 'links' },
  CANCEL: { from: 'organizer', stores: false, invites: false, answers: false, proposes: false, scheduling: true, attachments: 'links' },
  REFRESH: { from: 'attendee', stores: false, invites: false, answers: false, proposes: false, scheduling: true, attachments: 'none' },
  COUNTER: { from: 'attendee', stores: false, invites: false, answers: true, proposes: true, scheduling: true, attachments: 'none' },
  DECLINECOUNTER: { from: 'organizer', stores: false, invites: false, answers: false, proposes: false, scheduling: true, attachments: 'none' },
} as const satisfies Record<string, MethodTraits>;

export type Method = keyof typeof METHOD_TABLE;

export const METHODS = Object.keys(METHOD_TABLE) as readonly Method[];

/** Whether a method named in mail (any string) is one of the iTIP methods. */
export function isMethod(method: string): method is Method {
  return Object.hasOwn(METHOD_TABLE, method);
}

/** The traits of a method named in mail; undefined for one that is not an iTIP method. */
export function methodTraits(method: string): MethodTraits | undefined {
  return isMethod(method) ? METHOD_TABLE[method] : undefined;
}

/** Methods only the organiser sends (RFC 5546 §1.4); REPLY, COUNTER and REFRESH come from attendees. */
export function isOrganizerMethod(method: string): boolean {
  return methodTraits(method)?.from === 'organizer';
}
