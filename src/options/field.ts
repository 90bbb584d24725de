// One engine preference as a labelled control: its meaning, its format, "default: X", a way back
// to the default (`unset`), and the place where the background's refusal is shown (.pref-error).
// The page checks nothing itself: `prefs.set` validates every value in the background.
import type { PrefMeta } from '../shared/protocol.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { defaultText, isMultiline, prefHelp, prefLabel, technicalText, valueLabel } from './texts.js';
import { DURATION_UNITS, DurationPicker, parseDuration } from './duration.js';
import { type Picker, rulePicker } from './rules.js';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** What saving would do with one preference. */
export type FieldChange = { set: string } | { unset: true } | null;

export class PrefField {
  readonly row: HTMLElement;
  readonly control: Control;
  private readonly error: HTMLElement;
  private readonly pending: HTMLElement;
  private readonly reset: HTMLButtonElement;
  private resetPending = false;
  /** Durations and resource rules in plain words instead of their text (duration.ts, rules.ts). */
  private readonly picker: Picker | null = null;
  /** What the control showed at first, as value() reads it (the change is measured from it). */
  private readonly initial: string;

  /**
   * `stored` is the user's own value (undefined when the default applies); `shown` is what the
   * control starts with: the stored value, else the effective one (for TZID the system's zone).
   */
  constructor(
    readonly meta: PrefMeta,
    private readonly stored: string | undefined,
    shown: string,
    private readonly defaultValue: string,
    systemZone: string,
    idPrefix: string,
    private readonly onChange: () => void,
  ) {
    const id = `${idPrefix}-${meta.name}`;
    const describedBy = `${id}-help ${id}-default ${id}-error`;
    const attrs = { id, name: meta.name, 'aria-describedby': describedBy };
    const rule = rulePicker(meta.name, shown, attrs, prefLabel(meta));
    if (rule) {
      this.picker = rule;
      this.control = rule.control;
    } else if (meta.values) {
      // An enumeration without a default starts unset: an empty choice keeps it so.
      const values = meta.values.includes(shown) ? meta.values : shown === '' ? ['', ...meta.values] : [...meta.values, shown];
      this.control = h('select', attrs, ...values.map((v) => h('option', { value: v }, v === '' ? t('options_not_set') : valueLabel(meta.name, v))));
    } else if (isMultiline(meta.name, shown)) {
      this.control = h('textarea', { ...attrs, rows: Math.min(8, Math.max(3, shown.split('\n').length + 1)), spellcheck: 'false' });
    } else if (DURATION_UNITS[meta.name] && (shown.trim() === '' || parseDuration(shown, DURATION_UNITS[meta.name]!))) {
      this.picker = new DurationPicker(attrs, DURATION_UNITS[meta.name]!, prefLabel(meta));
      this.control = this.picker.control;
    } else {
      this.control = h('input', { ...attrs, type: 'text', spellcheck: 'false', autocomplete: 'off', list: meta.name === 'TZID' ? `${idPrefix}-zones` : null });
    }
    this.raw = shown;
    this.initial = this.value();
    this.error = h('p', { id: `${id}-error`, class: 'pref-error', role: 'alert', hidden: true });
    this.pending = h('span', { class: 'pref-pending', hidden: true }, t('options_reset_pending'));
    this.reset = h(
      'button',
      {
        type: 'button',
        class: 'link',
        'data-action': 'unset',
        'aria-label': t('options_unset_named', prefLabel(meta)),
        hidden: stored === undefined,
        onclick: () => this.returnToDefault(),
      },
      t('options_unset'),
    );
    const input = () => {
      // Typing over a pending reset means the user wants this value after all.
      if (this.resetPending) this.setResetPending(false);
      this.setError(null);
      this.row.classList.toggle('changed', this.change() !== null);
      this.onChange();
    };
    // A picker's inputs (number, unit, checkboxes) all report through its element: events bubble.
    const source = this.picker?.el ?? this.control;
    source.addEventListener('input', input);
    source.addEventListener('change', input);
    this.row = h(
      'div',
      { class: 'pref', 'data-pref': meta.name },
      h('label', { for: id, class: 'pref-label' }, h('span', {}, prefLabel(meta))),
      this.picker?.el ?? this.control,
      h('p', { id: `${id}-help`, class: 'help' }, prefHelp(meta)),
      // The name the command line and the documentation use, and the protocol term: details only.
      h('p', { class: 'pref-name muted' }, technicalText(meta.name)),
      h('p', { class: 'pref-default muted' }, h('span', { id: `${id}-default` }, defaultText(meta, systemZone)), this.reset, this.pending),
      this.error,
    );
    if (meta.name === 'TZID') this.row.append(zoneList(`${idPrefix}-zones`));
  }

  get name(): string {
    return this.meta.name;
  }

  /** The control's value as the background should get it (line ends normalised, edges trimmed). */
  value(): string {
    return this.raw.replace(/\r\n?/g, '\n').trim();
  }

  /** The control's text (a picker's as the preference's own text). */
  private get raw(): string {
    return this.picker ? this.picker.value : this.control.value;
  }

  private set raw(text: string) {
    if (this.picker) this.picker.value = text;
    else this.control.value = text;
  }

  /** Sets the control as if the user had chosen `value` (role ↔ participating). */
  choose(value: string): void {
    if (this.raw === value) return;
    this.raw = value;
    this.control.dispatchEvent(new Event('change', { bubbles: true }));
  }

  change(): FieldChange {
    if (this.resetPending) return this.stored === undefined ? null : { unset: true };
    const value = this.value();
    if (value === this.initial) return null;
    // An emptied field returns the preference to its default rather than storing "".
    if (value === '') return this.stored === undefined ? null : { unset: true };
    return { set: value };
  }

  setError(message: string | null): void {
    this.error.hidden = message === null;
    this.error.textContent = message === null ? '' : t('options_refused', message);
    if (message === null) this.control.removeAttribute('aria-invalid');
    else this.control.setAttribute('aria-invalid', 'true');
    this.row.classList.toggle('invalid', message !== null);
  }

  focus(): void {
    this.control.focus();
  }

  private returnToDefault(): void {
    this.raw = this.defaultValue;
    this.setResetPending(true);
    this.setError(null);
    this.row.classList.add('changed');
    this.onChange();
    // The button hides itself; keep the keyboard user where the value is.
    this.control.focus();
  }

  private setResetPending(on: boolean): void {
    this.resetPending = on;
    this.pending.hidden = !on;
    this.reset.hidden = on || this.stored === undefined;
  }
}

function zoneList(id: string): HTMLDataListElement {
  let zones: string[];
  try {
    zones = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    zones = [];
  }
  return h('datalist', { id }, ...zones.map((z) => h('option', { value: z })));
}
