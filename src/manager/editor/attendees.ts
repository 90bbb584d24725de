// The attendee list of the editor (`#attendees`): add by address ("Name <a@b>" or a bare
// address), a role and a calendar-user type per row (RFC 5545 §3.2.16, §3.2.3), remove.
import type { Address, EventDraft } from '../../shared/protocol.js';
import { h, replace } from '../../ui/dom.js';
import { t } from '../../ui/i18n.js';

export type DraftAttendee = EventDraft['attendees'][number];
const ROLES: DraftAttendee['role'][] = ['REQ-PARTICIPANT', 'OPT-PARTICIPANT', 'NON-PARTICIPANT', 'CHAIR'];
const CUTYPES: NonNullable<DraftAttendee['cutype']>[] = ['INDIVIDUAL', 'ROOM', 'RESOURCE', 'GROUP'];

/** "Ann Example <Ann@Example.test>" → { address: 'ann@example.test', name: 'Ann Example' }. */
export function parseAddress(text: string): { address: Address; name?: string } | null {
  const s = text.trim().replace(/^mailto:/i, '');
  const m = s.match(/^(?:"?([^"<]*?)"?\s*)?<([^<>\s]+)>$/);
  const address = (m ? m[2]! : s).replace(/^mailto:/i, '').toLowerCase();
  if (!/^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(address)) return null;
  const name = m?.[1]?.trim();
  return name ? { address, name } : { address };
}

export interface AttendeeEditor {
  el: HTMLElement;
  list(): DraftAttendee[];
}

export function createAttendeeEditor(initial: DraftAttendee[], self: Address, onChange: () => void): AttendeeEditor {
  const rows: DraftAttendee[] = initial.map((a) => ({ ...a }));
  const input = h('input', {
    type: 'text',
    name: 'attendee',
    id: 'attendee-input',
    autocomplete: 'email',
    placeholder: t('manager_attendee_placeholder'),
    'aria-describedby': 'attendee-error',
  });
  const error = h('p', { id: 'attendee-error', class: 'field-error', role: 'alert' });
  const tbody = h('tbody');
  const table = h(
    'table',
    { class: 'attendee-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('manager_attendee')),
        h('th', {}, t('manager_role')),
        h('th', {}, t('manager_cutype')),
        h('th', {}, h('span', { class: 'visually-hidden' }, t('manager_actions'))),
      ),
    ),
    tbody,
  );

  function add(): void {
    error.textContent = '';
    const parsed = parseAddress(input.value);
    if (!parsed) {
      error.textContent = t('manager_attendee_invalid');
      input.focus();
      return;
    }
    if (parsed.address === self) error.textContent = t('manager_attendee_self');
    else if (rows.some((r) => r.address === parsed.address)) error.textContent = t('manager_attendee_duplicate', parsed.address);
    else rows.push({ ...parsed, role: 'REQ-PARTICIPANT', cutype: 'INDIVIDUAL' });
    input.value = '';
    render();
    onChange();
    input.focus();
  }

  function render(): void {
    replace(
      tbody,
      ...rows.map((a, i) => {
        const role = h(
          'select',
          { name: 'role', 'aria-label': t('manager_role_for', a.address) },
          ...ROLES.map((r) => h('option', { value: r, selected: r === a.role }, t(`manager_role_${r.replace('-', '_')}`))),
        );
        role.addEventListener('change', () => {
          a.role = role.value as DraftAttendee['role'];
        });
        const cutype = h(
          'select',
          { name: 'cutype', 'aria-label': t('manager_cutype_for', a.address) },
          ...CUTYPES.map((c) => h('option', { value: c, selected: c === (a.cutype ?? 'INDIVIDUAL') }, t(`manager_cutype_${c}`))),
        );
        cutype.addEventListener('change', () => {
          a.cutype = cutype.value as DraftAttendee['cutype'];
        });
        return h(
          'tr',
          { 'data-address': a.address },
          h('td', {}, a.name ? h('span', {}, h('span', { class: 'person-name' }, a.name), ' ', h('span', { class: 'muted' }, a.address)) : a.address),
          h('td', {}, role),
          h('td', {}, cutype),
          h(
            'td',
            { class: 'end' },
            h(
              'button',
              {
                type: 'button',
                class: 'linkish',
                'data-action': 'remove-attendee',
                'aria-label': t('manager_attendee_remove_label', a.address),
                onclick: () => {
                  rows.splice(i, 1);
                  render();
                  onChange();
                },
              },
              t('manager_remove'),
            ),
          ),
        );
      }),
    );
    table.hidden = !rows.length;
  }

  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      add();
    }
  });
  const el = h(
    'fieldset',
    { id: 'attendees', class: 'attendees' },
    h('legend', {}, t('manager_attendees')),
    table,
    h(
      'div',
      { class: 'row' },
      h('label', { for: 'attendee-input', class: 'visually-hidden' }, t('manager_attendee_add_label')),
      input,
      h('button', { type: 'button', 'data-action': 'add-attendee', onclick: add }, t('manager_attendee_add')),
    ),
    error,
  );
  render();
  return { el, list: () => rows.map((r) => ({ ...r })) };
}
