// Month view: whole weeks around the month; each day lists its first occurrences and a
// "+N more" button that opens the day view.
import type { OccurrenceView } from '../../shared/protocol.js';
import { h } from '../../ui/dom.js';
import { zoned } from '../../ui/format.js';
import { t } from '../../ui/i18n.js';
import { dayIn, type ViewRange } from '../calendar-range.js';
import { occurrenceButton, type OpenHandler } from './occurrence.js';
import { coversDate, minutesInDay } from './timegrid.js';

const PER_DAY = 4;

export function occurrencesOn(occs: OccurrenceView[], date: string, zone: string): OccurrenceView[] {
  const day = dayIn(date, zone);
  return occs
    .filter((o) => (o.allDay ? coversDate(o, date) : minutesInDay(o, day) !== null))
    .sort(
      (a, b) =>
        Number(b.allDay) - Number(a.allDay) || (a.allDay ? a.start.localeCompare(b.start) : zoned(a.start, zone).toMillis() - zoned(b.start, zone).toMillis()),
    );
}

export function renderMonth(
  range: ViewRange,
  occs: OccurrenceView[],
  zone: string,
  anchor: string,
  today: string,
  open: OpenHandler,
  openDay: (date: string) => void,
): HTMLElement {
  const month = anchor.slice(0, 7);
  const grid = h('div', { class: 'month', role: 'grid', 'aria-label': dayIn(anchor, zone).toLocaleString({ month: 'long', year: 'numeric' }) });
  const head = h('div', { class: 'month-head', role: 'row' });
  for (const day of range.days.slice(0, 7)) head.append(h('div', { class: 'month-weekday', role: 'columnheader' }, day.toLocaleString({ weekday: 'short' })));
  grid.append(head);
  for (let w = 0; w < range.days.length / 7; w++) {
    const row = h('div', { class: 'month-week', role: 'row' });
    for (const day of range.days.slice(w * 7, w * 7 + 7)) {
      const date = day.toISODate()!;
      const list = occurrencesOn(occs, date, zone);
      const classes = ['month-day'];
      if (!date.startsWith(month)) classes.push('other-month');
      if (date === today) classes.push('today');
      const cell = h(
        'div',
        { class: classes.join(' '), role: 'gridcell', 'data-date': date },
        h(
          'button',
          {
            type: 'button',
            class: 'month-daynum linkish',
            'aria-label': day.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
            onclick: () => openDay(date),
          },
          day.toLocaleString({ day: 'numeric' }),
        ),
        ...list.slice(0, PER_DAY).map((o) => occurrenceButton(o, zone, open, { showTime: true })),
      );
      if (list.length > PER_DAY)
        cell.append(h('button', { type: 'button', class: 'more linkish', onclick: () => openDay(date) }, t('manager_more', list.length - PER_DAY)));
      row.append(cell);
    }
    grid.append(row);
  }
  return grid;
}
