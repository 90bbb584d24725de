// Errors and bounds of the mail layer. Every message is written by a stranger, so each loop over
// its structure is bounded by one of these named limits; breaking one is a MailError, never a
// hang or a stack overflow.

/** A message that cannot be read: not mail at all, or beyond one of the limits below. */
export class MailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailError';
  }
}

/** Deepest MIME nesting we follow (root = 0). Real senders nest at most 3–4 levels. */
export const MAX_MIME_DEPTH = 64;
/** Most MIME parts (multipart containers included) examined in one message. */
/** Most lines in one message: a 32 MiB message of base64 (76 characters a line) has 440,000;
 * a calendar folded over millions of lines costs the MIME reader seconds and hundreds of MB. */
export const MAX_MESSAGE_LINES = 600_000;
export const MAX_MIME_PARTS = 1000;
/** Largest raw message accepted, in octets (UTF-8 octets for string input). */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
/** Largest header section of one part, in octets; a longer one is treated as hostile. */
export const MAX_HEADER_BYTES = 1024 * 1024;
/** Most calendar parts returned for one message (after de-duplication). */
export const MAX_CALENDAR_PARTS = 32;
/**
 * Largest attachment copied into the store (inline ATTACH data or a `CID:` part), in octets.
 * Past it a received one is not copied: the event is stored, the attachment listed as refused and
 * the result warns naming this limit. The organiser's own file past it refuses the action.
 */
export const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;
/**
 * Most attachment octets one message (or one organiser action) may add to the store. Received
 * ones are taken in order until it is spent; the rest are listed as refused, with a warning.
 */
export const MAX_MESSAGE_ATTACHMENT_BYTES = 16 * 1024 * 1024;
/**
 * Most ATTACH lines one VEVENT may carry (real invitations have a handful). A received VEVENT keeps
 * its first ones and the result warns; the organiser's own event past it is refused.
 */
export const MAX_ATTACHMENTS = 100;
