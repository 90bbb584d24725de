// Durations chosen as a number and a unit ("2 hours") instead of typed as RFC 5545 text
// ("PT2H"): the page shows the picker and hands the background the RFC 5545 value
// (§3.3.6; months and years for the booking horizon only, which the resource agent reads as
// calendar periods). A stored value the picker cannot express keeps the text field.
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';

export type Unit = 'minutes' | 'hours' | 'days' | 'weeks' | 'months' | 'years';

/** Which preferences are durations, and the units each accepts. */
export const DURATION_UNITS: Record<string, Unit[]> = {
  freebusy_offers: ['minutes', 'hours', 'days', 'weeks'],
  max_duration: ['minutes', 'hours', 'days', 'weeks'],
  max_horizon: ['days', 'weeks', 'months', 'years'],
};

const SECONDS: Partial<Record<Unit, number>> = { weeks: 604800, days: 86400, hours: 3600, minutes: 60 };

/** `PT90M` → 90 minutes, `P2W` → 2 weeks, `P1DT2H` → 26 hours; null when not one of `units`. */
export function parseDuration(text: string, units: Unit[]): { amount: number; unit: Unit } | null {
  const v = text.trim().toUpperCase();
  const calendar = /^P(\d{1,4})([MY])$/.exec(v);
  if (calendar) {
    const unit: Unit = calendar[2] === 'Y' ? 'years' : 'months';
    return units.includes(unit) ? { amount: Number(calendar[1]), unit } : null;
  }
  const m = /^P(?:(\d{1,5})W|(?:(\d{1,5})D)?(?:T(?:(\d{1,5})H)?(?:(\d{1,6})M)?(?:(\d{1,7})S)?)?)$/.exec(v);
  if (!m || v === 'P' || v.endsWith('T')) return null;
  const [w, d, hh, mm, ss] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  const total = w * 604800 + d * 86400 + hh * 3600 + mm * 60 + ss;
  if (total <= 0) return null;
  // The largest unit the whole duration is a multiple of.
  for (const unit of ['weeks', 'days', 'hours', 'minutes'] as const) {
    const size = SECONDS[unit]!;
    if (units.includes(unit) && total % size === 0) return { amount: total / size, unit };
  }
  return null;
}

export function formatDuration(amount: number, unit: Unit): string {
  switch (unit) {
    case 'minutes':
      return `PT${amount}M`;
    case 'hours':
      return `PT${amount}H`;
    case 'days':
      return `P${amount}D`;
    case 'weeks':
      return `P${amount}W`;
    case 'months':
      return `P${amount}M`;
    case 'years':
      return `P${amount}Y`;
  }
}

/** "8 hours", "8 Stunden": a duration in words (null when it is not one of `units`). */
export function durationWords(text: string, units: Unit[], locale: string): string | null {
  const d = parseDuration(text, units);
  if (!d) return null;
  return new Intl.NumberFormat(locale, { style: 'unit', unit: d.unit.slice(0, -1), unitDisplay: 'long' }).format(d.amount);
}

/** A number field and a unit menu that together hold one duration (empty number: not set). */
export class DurationPicker {
  readonly amount: HTMLInputElement;
  readonly unit: HTMLSelectElement;
  readonly el: HTMLElement;

  constructor(
    attrs: Record<string, string>,
    private readonly units: Unit[],
    labelText: string,
  ) {
    this.amount = h('input', { ...attrs, type: 'number', min: 1, step: 1, inputmode: 'numeric', class: 'duration-amount' });
    this.unit = h(
      'select',
      { name: `${attrs['name']}-unit`, class: 'duration-unit', 'aria-label': t('options_duration_unit', labelText) },
      ...units.map((u) => h('option', { value: u }, t(`options_unit_${u}`))),
    );
    this.el = h('span', { class: 'duration row' }, this.amount, this.unit);
  }

  /** The number field: the setting's label points at it. */
  get control(): HTMLInputElement {
    return this.amount;
  }

  get value(): string {
    const n = Number(this.amount.value);
    if (this.amount.value.trim() === '' || !Number.isInteger(n) || n <= 0) return this.amount.value.trim();
    return formatDuration(n, this.unit.value as Unit);
  }

  set value(text: string) {
    const parsed = parseDuration(text, this.units);
    this.amount.value = parsed ? String(parsed.amount) : '';
    if (parsed) this.unit.value = parsed.unit;
  }
}
