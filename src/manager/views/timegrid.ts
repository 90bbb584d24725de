// Day and week views: an all-day row over a 24-hour grid, one column per day, in the identity's
// zone. Occurrences crossing midnight are drawn in each day they touch.
import { DateTime } from 'luxon';
import type { OccurrenceView } from '../../shared/protocol.js';
import { h } from '../../ui/dom.js';
import { t } from '../../ui/i18n.js';
import type { ViewRange } from '../calendar-range.js';
import { layoutDay } from '../layout.js';
import { occurrenceButton, type OpenHandler } from './occurrence.js';

const DAY_MINUTES = 24 * 60;

/** Whether an all-day occurrence (dates, exclusive end) covers the day. */
export function coversDate(occ: OccurrenceView, date: string): boolean {
  const end = occ.end > occ.start ? occ.end : occ.start;
  return occ.start <= date && (date < end || occ.start === date);
}

/** The part of a timed occurrence inside one day, as minutes from that day's midnight. */
export function minutesInDay(occ: OccurrenceView, day: DateTime): { top: number; bottom: number } | null {
  const start = DateTime.fromISO(occ.start, { zone: 'utc' }).setZone(day.zone);
  const rawEnd = DateTime.fromISO(occ.end, { zone: 'utc' }).setZone(day.zone);
  const end = rawEnd > start ? rawEnd : start;
  const next = day.plus({ days: 1 });
  // Outside the day; an event ending exactly at midnight belongs to the day before only.
  if (start >= next || (end <= day && start < day)) return null;
  const top = start <= day ? 0 : start.hour * 60 + start.minute;
  const bottom = end >= next ? DAY_MINUTES : end.hour * 60 + end.minute;
  return { top, bottom: Math.max(bottom, top) };
}

/**
 * `create` gets a new event's wall-clock slot (`YYYY-MM-DDTHH:mm`) when the user double-clicks an
 * empty place in a day column (keyboard users have the New event button and its N shortcut).
 */
export function renderTimeGrid(
  range: ViewRange,
  occs: OccurrenceView[],
  zone: string,
  today: string,
  open: OpenHandler,
  openDay: (date: string) => void,
  create: (start: string, end: string) => void,
): HTMLElement {
  const allDay = occs.filter((o) => o.allDay);
  const timed = occs.filter((o) => !o.allDay);
  const grid = h('div', { class: `timegrid days-${range.days.length}` });
  grid.style.setProperty('--days', String(range.days.length));

  const head = h('div', { class: 'tg-row tg-head' }, h('div', { class: 'tg-gutter' }));
  const allDayRow = h('div', { class: 'tg-row tg-allday' }, h('div', { class: 'tg-gutter muted' }, t('manager_all_day')));
  const hours = h('div', { class: 'tg-hours', 'aria-hidden': 'true' });
  for (let hr = 0; hr < 24; hr++)
    hours.append(h('div', { class: 'tg-hour' }, hr === 0 ? '' : range.days[0]!.set({ hour: hr }).toLocaleString({ hour: 'numeric' })));
  const body = h('div', { class: 'tg-row tg-body' }, hours);

  for (const day of range.days) {
    const date = day.toISODate()!;
    const isToday = date === today;
    head.append(
      h(
        'div',
        { class: `tg-dayhead${isToday ? ' today' : ''}`, 'data-date': date },
        h(
          'button',
          { type: 'button', class: 'linkish', onclick: () => openDay(date) },
          h('span', { class: 'tg-weekday' }, day.toLocaleString({ weekday: 'short' })),
          h('span', { class: 'tg-daynum' }, day.toLocaleString({ day: 'numeric' })),
          // The full date for screen readers, after the visible text (label in name, WCAG 2.5.3).
          h('span', { class: 'visually-hidden' }, ` ${day.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}`),
        ),
      ),
    );
    allDayRow.append(
      h(
        'div',
        { class: 'tg-allday-cell', 'data-date': date },
        ...allDay.filter((o) => coversDate(o, date)).map((o) => occurrenceButton(o, zone, open, { showTime: false })),
      ),
    );

    const col = h('div', {
      class: `tg-col${isToday ? ' today' : ''}`,
      'data-date': date,
      role: 'group',
      'aria-label': day.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' }),
    });
    for (let hr = 0; hr < 24; hr++) col.append(h('div', { class: 'tg-line', 'aria-hidden': 'true' }));
    col.addEventListener('dblclick', (e) => {
      if ((e.target as HTMLElement).closest('.occurrence')) return;
      const box = col.getBoundingClientRect();
      // Snapped to the half hour under the pointer.
      const minutes = Math.min(DAY_MINUTES - 30, Math.max(0, Math.floor((((e.clientY - box.top) / box.height) * DAY_MINUTES) / 30) * 30));
      // Wall-clock, like the grid's positions (on a DST day, adding minutes to midnight would not be).
      const start = day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
      create(start.toFormat("yyyy-MM-dd'T'HH:mm"), start.plus({ hours: 1 }).toFormat("yyyy-MM-dd'T'HH:mm"));
    });
    const segs = timed.flatMap((o) => {
      const m = minutesInDay(o, day);
      return m ? [{ ...m, item: o }] : [];
    });
    for (const p of layoutDay(segs)) {
      const b = occurrenceButton(p.item, zone, open, { showTime: p.bottom - p.top >= 40 });
      b.classList.add('timed');
      if (p.bottom - p.top < 30) b.classList.add('short');
      // Up to about an hour and a quarter the time and title share a line, so both stay readable.
      else if (p.bottom - p.top < 75) b.classList.add('compact');
      b.style.top = `${(p.top / DAY_MINUTES) * 100}%`;
      b.style.height = `${((p.bottom - p.top) / DAY_MINUTES) * 100}%`;
      b.style.left = `${(p.col / p.cols) * 100}%`;
      b.style.width = `${100 / p.cols}%`;
      b.dataset['col'] = `${p.col}/${p.cols}`;
      col.append(b);
    }
    if (isToday) {
      const now = DateTime.now().setZone(zone);
      const line = h('div', { class: 'tg-now', 'aria-hidden': 'true' });
      line.style.top = `${((now.hour * 60 + now.minute) / DAY_MINUTES) * 100}%`;
      col.append(line);
    }
    body.append(col);
  }
  const scroller = h('div', { class: 'tg-scroll' }, body);
  grid.append(head, allDayRow, scroller);
  return grid;
}

/** Scrolls the grid to the working day (07:00) or to the first occurrence if earlier. */
export function scrollToMorning(grid: HTMLElement): void {
  const scroller = grid.querySelector<HTMLElement>('.tg-scroll');
  const body = grid.querySelector<HTMLElement>('.tg-body');
  if (!scroller || !body) return;
  const tops = [...grid.querySelectorAll<HTMLElement>('.occurrence.timed')].map((b) => parseFloat(b.style.top) / 100);
  const first = Math.min(7 / 24, ...tops);
  scroller.scrollTop = Math.max(0, first * body.scrollHeight - 8);
}
