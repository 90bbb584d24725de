// Agenda: the coming weeks as a list grouped by day, with times, places and the user's answer.
import type { OccurrenceView } from '../../shared/protocol.js';
import { h } from '../../ui/dom.js';
import { formatTime } from '../../ui/format.js';
import { t } from '../../ui/i18n.js';
import type { ViewRange } from '../calendar-range.js';
import { occurrencesOn } from './month.js';
import { answerText, occurrenceButton, type OpenHandler } from './occurrence.js';

export function renderAgenda(range: ViewRange, occs: OccurrenceView[], zone: string, today: string, open: OpenHandler): HTMLElement {
  const list = h('div', { class: 'agenda' });
  for (const day of range.days) {
    const date = day.toISODate()!;
    const items = occurrencesOn(occs, date, zone);
    if (!items.length) continue;
    list.append(
      h(
        'section',
        { class: `agenda-day${date === today ? ' today' : ''}`, 'data-date': date },
        h('h3', {}, day.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })),
        h(
          'ul',
          {},
          ...items.map((o) =>
            h(
              'li',
              {},
              h('span', { class: 'agenda-time' }, o.allDay ? t('manager_all_day') : `${formatTime(o.start, zone)} – ${formatTime(o.end, zone)}`),
              occurrenceButton(o, zone, open, { showTime: false }),
              answerText(o) ? h('span', { class: `badge ${o.proposal ? 'proposal' : `partstat-${o.partstat}`}` }, answerText(o)) : null,
              o.status === 'CANCELLED' ? h('span', { class: 'badge danger' }, t('manager_status_cancelled')) : null,
            ),
          ),
        ),
      ),
    );
  }
  if (!list.childElementCount) list.append(h('p', { class: 'empty muted' }, t('manager_agenda_empty')));
  return list;
}
