// Text strangers wrote, made safe to show and to send. Unicode's bidirectional formatting
// characters (UAX #9: the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069,
// the marks U+200E, U+200F and U+061C) reorder what follows them: a CN ending in U+202E shows
// the address after it backwards, and `txt.exe` reads as `exe.txt`. Control characters (NUL,
// escape sequences) reach terminals through the CLI. RFC 5545 §3.1 allows neither control
// characters (other than HTAB) in a value, and names, UIDs and subjects need no bidi controls.

/** C0 controls but HTAB, LF and CR; DEL; C1 controls. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** The bidirectional formatting characters of UAX #9. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Both, with HTAB, LF and CR: what a one-line name may not hold. */
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Calendar text without the control characters RFC 5545 forbids, and how many there were. */
export function withoutControls(text: string): { text: string; removed: number } {
  let removed = 0;
  const clean = text.replace(CONTROLS, () => {
    removed++;
    return '';
  });
  return { text: clean, removed };
}

/** A name, UID, address or subject as one safe line: no controls, no bidi formatting, spaces
 * collapsed. */
export function displayLine(text: string): string {
  return text
    .replace(UNSAFE_IN_LINE, (c) => (/[\t\n\r]/.test(c) ? ' ' : ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Longer text (a description): lines kept, bidi formatting and other controls removed. */
export function displayText(text: string): string {
  return text.replace(CONTROLS, '').replace(BIDI, '');
}

/** Both, without HTAB, LF and CR: what longer text may not hold (what displayText removes). */
const UNSAFE_IN_TEXT = new RegExp(`${CONTROLS.source}|${BIDI.source}`);

/** Whether displayText would change `text`, found without building the changed text. */
export function hasUnsafeText(text: string): boolean {
  return UNSAFE_IN_TEXT.test(text);
}

/** Whether `text` holds anything displayLine would remove (so clean text is left untouched). */
export function hasUnsafe(text: string): boolean {
  UNSAFE_IN_LINE.lastIndex = 0;
  const found = UNSAFE_IN_LINE.test(text);
  UNSAFE_IN_LINE.lastIndex = 0;
  return found;
}
