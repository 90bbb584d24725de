// Small pieces the options page shares between its sections.
import { h } from '../ui/dom.js';

export function checkbox(name: string, id: string, checked: boolean, onChange: () => void): HTMLInputElement {
  const input = h('input', { type: 'checkbox', id, name, onchange: onChange });
  input.checked = checked;
  return input;
}

/** The saved / failed line next to a Save button, read out by screen readers (aria-live). */
export class StatusLine {
  readonly el: HTMLSpanElement;

  /** `kind` also names the line as a class (`save-status` beside a Save button). */
  constructor(kind = 'save-status') {
    this.el = h('span', { class: `status-line ${kind}`, role: 'status', 'aria-live': 'polite' });
  }

  show(kind: 'ok' | 'error' | 'pending' | 'info' | null, text: string): void {
    this.el.dataset['state'] = kind ?? '';
    this.el.textContent = text;
  }
}

/**
 * Which preference the background refused and why. `prefs.set` is all or nothing and its error
 * names the first bad value (`preference NAME="value" must be …`); anything else it says is shown
 * as it is. Only names this save sent are considered.
 */
export function refusal(message: string, sent: string[]): { name: string | null; reason: string } {
  const m = /preference\s+"?([A-Za-z0-9_-]+)"?\s*(?:=\s*("(?:[^"\\]|\\.)*"|\S+))?\s*/.exec(message);
  if (m && sent.includes(m[1]!)) {
    // The core says `preference NAME="value" is invalid: expected …`: keep the reason only.
    const rest = message
      .slice(m.index + m[0].length)
      .replace(/^is invalid:\s*/, '')
      .trim();
    return { name: m[1]!, reason: rest || message };
  }
  let best: { name: string; at: number } | null = null;
  for (const name of sent) {
    const at = message.search(new RegExp(`(^|[^A-Za-z0-9_])${name}($|[^A-Za-z0-9_])`));
    if (at >= 0 && (!best || at < best.at)) best = { name, at };
  }
  return { name: best?.name ?? null, reason: message };
}
