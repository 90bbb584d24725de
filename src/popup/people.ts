// Attendees and organizers as text: the attendee table with each answer as a badge.
import type { PartStat } from '../core/types.js';
import type { PersonView } from '../shared/protocol.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';

/** "Name <address>" or the address alone; both are message data, shown as text only. */
export function personText(address: string, name: string | null): string {
  return name && name.toLowerCase() !== address ? `${name} <${address}>` : address;
}

export function partstatBadge(partstat: PartStat): HTMLElement {
  return h('span', { class: `badge partstat-${partstat}`, 'data-partstat': partstat }, t(`popup_partstat_${partstat.replace('-', '_')}`));
}

function roleText(p: PersonView): string {
  const role = {
    'REQ-PARTICIPANT': 'popup_role_required',
    'OPT-PARTICIPANT': 'popup_role_optional',
    'NON-PARTICIPANT': 'popup_role_information',
    CHAIR: 'popup_role_chair',
  }[p.role];
  const cutype = { ROOM: 'popup_cutype_room', RESOURCE: 'popup_cutype_resource', GROUP: 'popup_cutype_group' }[p.cutype];
  return [role ? t(role) : p.role, cutype ? t(cutype) : null].filter(Boolean).join(' · ');
}

/** "3 accepted, 1 tentative…": the answers at a glance. */
export function tally(attendees: PersonView[]): string {
  const counts = new Map<PartStat, number>();
  for (const a of attendees) counts.set(a.partstat, (counts.get(a.partstat) ?? 0) + 1);
  return [...counts].map(([p, n]) => `${n} × ${t(`popup_partstat_${p.replace('-', '_')}`)}`).join(', ');
}

export function attendeeTable(attendees: PersonView[], labelId: string): HTMLElement {
  if (!attendees.length) return h('p', { class: 'attendees muted' }, t('popup_attendees_none'));
  const rows = attendees
    .map((p) => ({ ...p, name: p.name && p.name.toLowerCase() !== p.address ? p.name : null }))
    .map((a) =>
      h(
        'tr',
        { 'data-address': a.address, class: a.isUser ? 'is-user' : null },
        h(
          'td',
          { class: 'who' },
          h(
            'div',
            { class: 'who-box' },
            h('span', { class: 'name' }, a.name ?? a.address),
            a.name ? h('span', { class: 'address muted' }, a.address) : null,
            a.isUser ? h('span', { class: 'badge info you' }, t('popup_you')) : null,
            a.delegatedTo ? h('span', { class: 'note muted' }, t('popup_delegated_to', a.delegatedTo)) : null,
            a.delegatedFrom ? h('span', { class: 'note muted' }, t('popup_delegated_from', a.delegatedFrom)) : null,
            a.comment ? h('q', { class: 'comment' }, a.comment) : null,
          ),
        ),
        h('td', { class: 'role muted' }, roleText(a)),
        h('td', { class: 'answer' }, partstatBadge(a.partstat)),
      ),
    );
  return h(
    'table',
    { class: 'attendees', 'aria-labelledby': labelId },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, t('popup_col_attendee')),
        h('th', { scope: 'col' }, t('popup_col_role')),
        h('th', { scope: 'col' }, t('popup_col_answer')),
      ),
    ),
    h('tbody', {}, ...rows),
  );
}
