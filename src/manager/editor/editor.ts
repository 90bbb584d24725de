// Create and edit (`form#editor`): the fields of an EventDraft, the recurrence builder, the
// attendees with the free/busy they are known to have, files to attach; `event.save` sends
// the invitations, updates and cancellations the background decides on.
import type { ActionOutcome, Address, EventDraft } from '../../shared/protocol.js';
import { h, replace } from '../../ui/dom.js';
import { formatSize } from '../../ui/format.js';
import { t } from '../../ui/i18n.js';
import { call } from '../../ui/rpc.js';
import { fileToBase64 } from '../files.js';
import { createAttendeeEditor } from './attendees.js';
import { DATE_RE, dayAfter, defaultSlot, instant, lastDayOf, LOCAL_RE, shiftEnd, zoneList } from './fields.js';
import { createFreeBusy } from './freebusy.js';
import { createRruleBuilder } from './rrule-builder.js';

/** Largest file attached by hand: iMIP mail carries it inline (RFC 6047 §4.3), and servers cap mail size. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface EditorOptions {
  identity: Address;
  /** The identity's TZID preference: the zone of a new event. */
  zone: string;
  /** The draft to edit (from `detail.draft`), or null for a new event on `date`. */
  draft: EventDraft | null;
  date: string;
  /** A new event's slot chosen on the grid (wall-clock in `zone`), else the default for `date`. */
  slot?: { start: string; end: string };
  onSaved(result: ActionOutcome & { uid: string }): void;
  onClose(): void;
  onError(e: unknown): void;
}

function field(label: string, control: HTMLElement, cls = ''): HTMLElement {
  return h('label', { class: `field ${cls}` }, h('span', { class: 'field-label' }, label), control);
}

export function renderEditor(o: EditorOptions): HTMLFormElement {
  const d = o.draft;
  const slot = o.slot ?? defaultSlot(o.date, o.zone);
  const tz = d?.tzid || o.zone;
  const summary = h('input', { type: 'text', name: 'summary', value: d?.summary ?? '', required: true, maxlength: 500, autocomplete: 'off' });
  const location = h('input', { type: 'text', name: 'location', value: d?.location ?? '', maxlength: 500 });
  const description = h('textarea', { name: 'description', rows: 5 });
  description.value = d?.description ?? '';
  const allDay = h('input', { type: 'checkbox', name: 'allDay', checked: d?.allDay ?? false });
  const start = h('input', { type: allDay.checked ? 'date' : 'datetime-local', name: 'start', required: true });
  const end = h('input', { type: allDay.checked ? 'date' : 'datetime-local', name: 'end', required: true });
  start.value = d ? d.start : slot.start;
  end.value = d ? (d.allDay ? lastDayOf(d.end, d.start) : d.end) : slot.end;
  const tzid = h('select', { name: 'tzid' }, ...zoneList(tz, o.zone).map((z) => h('option', { value: z, selected: z === tz }, z.replace(/_/g, ' '))));
  const transparency = h(
    'select',
    { name: 'transparency' },
    h('option', { value: 'OPAQUE', selected: (d?.transparency ?? 'OPAQUE') === 'OPAQUE' }, t('manager_transparency_OPAQUE')),
    h('option', { value: 'TRANSPARENT', selected: d?.transparency === 'TRANSPARENT' }, t('manager_transparency_TRANSPARENT')),
  );
  const categories = h('input', {
    type: 'text',
    name: 'categories',
    value: (d?.categories ?? []).join(', '),
    placeholder: t('manager_categories_placeholder'),
  });
  const files = h('input', { type: 'file', name: 'attachments', multiple: true });
  const kept = new Set((d?.attachments ?? []).filter((a) => a.keepId).map((a) => a.keepId!));
  const keptList = h(
    'ul',
    { class: 'kept-files' },
    ...(d?.attachments ?? [])
      .filter((a) => a.keepId)
      .map((a) => {
        const box = h('input', { type: 'checkbox', checked: true, name: 'keep', value: a.keepId! });
        box.addEventListener('change', () => (box.checked ? kept.add(a.keepId!) : kept.delete(a.keepId!)));
        return h('li', {}, h('label', { class: 'inline' }, box, a.name));
      }),
  );
  const chosen = h('ul', { class: 'chosen-files muted' });
  files.addEventListener('change', () => replace(chosen, ...[...(files.files ?? [])].map((f) => h('li', {}, `${f.name} (${formatSize(f.size)})`))));
  const error = h('div', { id: 'editor-error', class: 'notice error', role: 'alert', hidden: true });
  const timeError = h('p', { class: 'field-error', role: 'alert' });

  const startInfo = () => {
    const date = start.value.slice(0, 10);
    return { date: DATE_RE.test(date) ? date : o.date, allDay: allDay.checked, tzid: tzid.value, time: start.value.slice(11, 16) || '09:00' };
  };
  const rrule = createRruleBuilder(d?.rrule ?? null, d?.exdates ?? [], startInfo);
  const attendees = createAttendeeEditor(d?.attendees ?? [], o.identity, () => fb.refresh());
  const fb = createFreeBusy(
    o.identity,
    () => {
      const s = startInfo();
      const proposal =
        !allDay.checked && LOCAL_RE.test(start.value) && LOCAL_RE.test(end.value)
          ? { start: instant(start.value, tzid.value)!, end: instant(end.value, tzid.value)! }
          : null;
      const list = attendees.list();
      return {
        addresses: list.map((a) => a.address),
        names: Object.fromEntries(list.filter((a) => a.name).map((a) => [a.address, a.name!])),
        day: s.date,
        zone: tzid.value,
        proposal,
        ...(d?.uid ? { excludeUid: d.uid } : {}),
      };
    },
    o.onError,
  );

  let lastStart = start.value;
  start.addEventListener('change', () => {
    end.value = shiftEnd(lastStart, start.value, end.value);
    lastStart = start.value;
    changed();
  });
  end.addEventListener('change', changed);
  tzid.addEventListener('change', changed);
  allDay.addEventListener('change', () => {
    const date = start.value.slice(0, 10);
    const endDate = end.value.slice(0, 10) || date;
    start.type = allDay.checked ? 'date' : 'datetime-local';
    end.type = start.type;
    start.value = allDay.checked ? date : `${date}T09:00`;
    end.value = allDay.checked ? (endDate < date ? date : endDate) : `${endDate}T10:00`;
    lastStart = start.value;
    changed();
  });
  function changed(): void {
    timeError.textContent = validTimes() ? '' : t('manager_end_before_start');
    rrule.refresh();
    fb.refresh();
  }
  function validTimes(): boolean {
    if (allDay.checked) return DATE_RE.test(start.value) && DATE_RE.test(end.value) && end.value >= start.value;
    return LOCAL_RE.test(start.value) && LOCAL_RE.test(end.value) && end.value >= start.value;
  }

  async function draft(): Promise<EventDraft> {
    const attachments: EventDraft['attachments'] = (d?.attachments ?? [])
      .filter((a) => a.keepId && kept.has(a.keepId))
      .map((a) => ({ name: a.name, type: a.type, keepId: a.keepId! }));
    for (const f of files.files ?? []) {
      if (f.size > MAX_ATTACHMENT_BYTES) throw new Error(t('manager_attachment_too_large', f.name, formatSize(MAX_ATTACHMENT_BYTES)));
      attachments.push({ name: f.name, type: f.type || 'application/octet-stream', dataBase64: await fileToBase64(f) });
    }
    return {
      ...(d?.uid ? { uid: d.uid } : {}),
      summary: summary.value.trim(),
      location: location.value.trim(),
      description: description.value,
      start: start.value,
      end: allDay.checked ? dayAfter(end.value) : end.value,
      allDay: allDay.checked,
      tzid: tzid.value,
      rrule: rrule.rule(),
      exdates: rrule.exdates(),
      attendees: attendees.list(),
      transparency: transparency.value as EventDraft['transparency'],
      categories: categories.value
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
      attachments,
    };
  }

  const save = h('button', { type: 'submit', class: 'primary', 'data-action': 'save' }, t(d?.uid ? 'manager_save_update' : 'manager_save_send'));
  const form = h(
    'form',
    { id: 'editor', class: 'editor', novalidate: true, 'aria-labelledby': 'editor-title' },
    h(
      'div',
      { class: 'editor-head row' },
      h('h1', { id: 'editor-title' }, t(d?.uid ? 'manager_edit_title' : 'manager_new_title')),
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', 'data-action': 'discard', onclick: () => o.onClose() }, t('manager_discard')),
      save,
    ),
    error,
    h(
      'div',
      { class: 'editor-grid' },
      h(
        'fieldset',
        { class: 'details' },
        h('legend', {}, t('manager_details')),
        field(t('manager_field_summary'), summary, 'wide'),
        field(t('manager_field_location'), location, 'wide'),
        h(
          'div',
          { class: 'row times' },
          field(t('manager_field_start'), start),
          field(t('manager_field_end'), end),
          h('label', { class: 'inline allday' }, allDay, t('manager_field_allday')),
        ),
        timeError,
        field(t('manager_field_tzid'), tzid, 'wide'),
        field(t('manager_field_description'), description, 'wide'),
        h('div', { class: 'row' }, field(t('manager_field_transparency'), transparency), field(t('manager_field_categories'), categories, 'grow')),
        h(
          'fieldset',
          { class: 'files' },
          h('legend', {}, t('manager_field_attachments')),
          keptList,
          h('label', { class: 'visually-hidden', for: 'attach-files' }, t('manager_field_attachments')),
          files,
          chosen,
        ),
      ),
      rrule.el,
    ),
    attendees.el,
    fb.el,
  );
  files.id = 'attach-files';

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    if (!summary.value.trim()) {
      error.textContent = t('manager_summary_required');
      error.hidden = false;
      summary.focus();
      return;
    }
    if (!validTimes()) {
      error.textContent = t('manager_end_before_start');
      error.hidden = false;
      end.focus();
      return;
    }
    save.disabled = true;
    try {
      const result = await call('event.save', { identity: o.identity, draft: await draft() });
      o.onSaved(result);
    } catch (err) {
      error.textContent = t('manager_save_failed', err instanceof Error ? err.message : String(err));
      error.hidden = false;
    } finally {
      save.disabled = false;
    }
  });
  queueMicrotask(() => {
    summary.focus();
    fb.refresh();
  });
  return form;
}
