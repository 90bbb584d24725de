// The management page: the identity's calendar (day, week, month, agenda), the pending items,
// the event page and the editor. It starts from the URL query (`?identity=…&uid=…`, set by
// `open.manager`; also `view` and `date`) and keeps it current, so a reload returns to the same place.
import type { ActionOutcome, AttentionItem, EventDraft, IdentityInfo, OccurrenceView } from '../shared/protocol.js';
import { h, replace } from '../ui/dom.js';
import { localizePage, t } from '../ui/i18n.js';
import { loadRegionalFormat } from '../ui/format.js';
import { call, onNotice } from '../ui/rpc.js';
import { renderAttention } from './attention.js';
import { renderOutbox, waitingOutbox } from './outbox.js';
import { rangeTitle, stepAnchor, todayIn, viewRange, VIEWS, type ViewKind } from './calendar-range.js';
import { renderEditor } from './editor/editor.js';
import { renderEventPage } from './event-page.js';
import { wireTransfer } from './transfer.js';
import { renderAgenda } from './views/agenda.js';
import { renderMonth } from './views/month.js';
import { renderTimeGrid, scrollToMorning } from './views/timegrid.js';

type Page =
  { kind: 'calendar' } | { kind: 'event'; uid: string; recurrenceId: string | null; outcome: ActionOutcome | null } | { kind: 'editor'; uid: string | null };

const state = {
  identities: [] as IdentityInfo[],
  identity: '',
  /** The identity's zone (TZID preference, else the system's): every time on the page is shown in it. */
  zone: 'UTC',
  view: 'week' as ViewKind,
  anchor: '',
  page: { kind: 'calendar' } as Page,
};

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;
const calendarEl = () => $('#calendar');
let calendarSeq = 0;

function showError(e: unknown): void {
  if (e === null || e === undefined) return;
  const box = $('#error');
  replace(
    box,
    h('span', {}, t('manager_error', e instanceof Error ? e.message : String(e))),
    ' ',
    h('button', { type: 'button', class: 'linkish', 'data-action': 'dismiss-error', onclick: () => (box.hidden = true) }, t('manager_dismiss')),
  );
  box.hidden = false;
}

function syncUrl(): void {
  const q = new URLSearchParams({ identity: state.identity, view: state.view, date: state.anchor });
  if (state.page.kind === 'event') q.set('uid', state.page.uid);
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

function showPage(kind: Page['kind']): void {
  $('#calendar').hidden = kind !== 'calendar';
  $('#event').hidden = kind !== 'event';
  $('#editor-page').hidden = kind !== 'editor';
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-view]'))
    b.setAttribute('aria-pressed', String(kind === 'calendar' && b.dataset['view'] === state.view));
}

async function loadCalendar(): Promise<void> {
  const seq = ++calendarSeq;
  const range = viewRange(state.view, state.anchor, state.zone);
  $('#range-title').textContent = rangeTitle(state.view, range, state.anchor, state.zone);
  $('#zone-label').textContent = state.zone.replace(/_/g, ' ');
  const el = calendarEl();
  el.setAttribute('aria-busy', 'true');
  try {
    const occs = await call('calendar.range', { identity: state.identity, start: range.start.toUTC().toISO()!, end: range.end.toUTC().toISO()! });
    if (seq !== calendarSeq) return;
    const today = todayIn(state.zone);
    const openDay = (date: string) => {
      state.view = 'day';
      state.anchor = date;
      void showCalendar();
    };
    const open = (o: OccurrenceView) => void openEvent(o.uid, o.recurrenceId);
    const view =
      state.view === 'month'
        ? renderMonth(range, occs, state.zone, state.anchor, today, open, openDay)
        : state.view === 'agenda'
          ? renderAgenda(range, occs, state.zone, today, open)
          : renderTimeGrid(range, occs, state.zone, today, open, openDay, (start, end) => openEditor(null, null, { start, end }));
    const focused = document.activeElement instanceof HTMLElement && el.contains(document.activeElement) ? document.activeElement.dataset['uid'] : undefined;
    // Redrawing the same range (a store change) keeps where the user scrolled to.
    const key = `${state.identity}|${state.view}|${range.start.toISO()}`;
    const scrolled = el.dataset['key'] === key ? el.querySelector('.tg-scroll')?.scrollTop : undefined;
    replace(el, view);
    el.dataset['view'] = state.view;
    el.dataset['key'] = key;
    if (state.view === 'day' || state.view === 'week') {
      if (scrolled === undefined) scrollToMorning(view);
      else view.querySelector('.tg-scroll')!.scrollTop = scrolled;
    }
    if (focused) el.querySelector<HTMLElement>(`.occurrence[data-uid="${CSS.escape(focused)}"]`)?.focus();
  } catch (e) {
    showError(e);
  } finally {
    if (seq === calendarSeq) el.removeAttribute('aria-busy');
  }
}

async function showCalendar(): Promise<void> {
  state.page = { kind: 'calendar' };
  showPage('calendar');
  document.title = t('manager_page_title');
  syncUrl();
  await loadCalendar();
}

async function loadOutbox(): Promise<void> {
  try {
    const items = waitingOutbox(await call('outbox.list', {}), state.identity);
    renderOutbox($('#outbox'), $('#outbox-count'), items, showError, () => {
      void loadOutbox();
      void loadAttention();
    });
  } catch (e) {
    showError(e);
  }
}

async function loadAttention(): Promise<void> {
  void loadOutbox();
  try {
    const items = await call('attention.list', { identity: state.identity });
    $('#attention-count').textContent = items.length ? String(items.length) : '';
    renderAttention(
      $('#attention'),
      items,
      state.zone,
      (item: AttentionItem) => item.uid && void openEvent(item.uid, item.recurrenceId),
      async (identity, id) => {
        try {
          await call('attention.dismiss', { identity, id });
          await loadAttention();
        } catch (e) {
          showError(e);
        }
      },
    );
  } catch (e) {
    showError(e);
  }
}

async function openEvent(uid: string, recurrenceId: string | null, outcome: ActionOutcome | null = null): Promise<void> {
  state.page = { kind: 'event', uid, recurrenceId, outcome };
  showPage('event');
  syncUrl();
  const el = $('#event');
  try {
    const detail = await call('event.get', { identity: state.identity, uid });
    if (state.page.kind !== 'event' || state.page.uid !== uid) return;
    if (!detail) {
      replace(
        el,
        h('div', { class: 'notice warn' }, t('manager_event_missing')),
        h('button', { type: 'button', 'data-action': 'back', onclick: () => void showCalendar() }, t('manager_back')),
      );
      return;
    }
    // The tab names the event (Thunderbird shows the page title on the tab).
    document.title = t('manager_event_page_title', detail.event.summary?.trim() || t('manager_no_summary'));
    replace(
      el,
      renderEventPage({
        identity: state.identity,
        zone: state.zone,
        detail,
        recurrenceId,
        outcome,
        onBack: () => void showCalendar(),
        onEdit: (d) => openEditor(d.draft ? d.event.uid : null, d.draft),
        onDone: (o) => {
          void openEvent(uid, recurrenceId, o);
          void loadAttention();
        },
        onError: showError,
      }),
    );
    el.querySelector<HTMLElement>('h1')?.setAttribute('tabindex', '-1');
    if (!outcome) el.querySelector<HTMLElement>('h1')?.focus();
    else el.querySelector<HTMLElement>('#sent')?.scrollIntoView({ block: 'nearest' });
  } catch (e) {
    showError(e);
  }
}

function openEditor(uid: string | null, draft: EventDraft | null, slot?: { start: string; end: string }): void {
  state.page = { kind: 'editor', uid };
  showPage('editor');
  replace(
    $('#editor-page'),
    renderEditor({
      identity: state.identity,
      zone: state.zone,
      draft,
      date: state.anchor,
      ...(slot ? { slot } : {}),
      onSaved: (r) => {
        void openEvent(r.uid, null, r);
        void loadAttention();
      },
      onClose: () => (uid ? void openEvent(uid, null) : void showCalendar()),
      onError: showError,
    }),
  );
}

async function selectIdentity(email: string): Promise<void> {
  state.identity = email;
  try {
    const prefs = await call('prefs.get', { identity: email });
    state.zone = prefs.effective['TZID'] || prefs.systemZone || 'UTC';
  } catch (e) {
    showError(e);
    state.zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  }
  state.anchor ||= todayIn(state.zone);
}

function navigate(dir: -1 | 0 | 1): void {
  state.anchor = dir === 0 ? todayIn(state.zone) : stepAnchor(state.view, state.anchor, state.zone, dir);
  void showCalendar();
}

/** Arrow keys move between occurrences in time order; Page Up/Down change the period. */
function calendarKeys(e: KeyboardEvent): void {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  if (e.key === 'PageUp' || e.key === 'PageDown') {
    e.preventDefault();
    navigate(e.key === 'PageUp' ? -1 : 1);
    return;
  }
  if (!['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(e.key)) return;
  const all = [...calendarEl().querySelectorAll<HTMLElement>('.occurrence')];
  if (!all.length) return;
  const i = all.indexOf(document.activeElement as HTMLElement);
  const next = e.key === 'ArrowUp' || e.key === 'ArrowLeft' ? (i <= 0 ? 0 : i - 1) : Math.min(all.length - 1, i + 1);
  e.preventDefault();
  all[next]!.focus();
}

function globalKeys(e: KeyboardEvent): void {
  const target = e.target as HTMLElement;
  if (e.altKey || e.ctrlKey || e.metaKey || target.closest('input, textarea, select, [contenteditable], dialog')) return;
  if (state.page.kind !== 'calendar') return;
  if (e.key === 't') navigate(0);
  else if (e.key === 'n') openEditor(null, null);
}

async function boot(): Promise<void> {
  localizePage();
  // Set by script too, not only by the static <title>: the tab must never show the page's address.
  document.title = t('manager_page_title');
  await loadRegionalFormat();
  const q = new URLSearchParams(location.search);
  const view = q.get('view') as ViewKind | null;
  if (view && VIEWS.includes(view)) state.view = view;
  const date = q.get('date');
  if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) state.anchor = date;

  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-view]'))
    b.addEventListener('click', () => {
      state.view = b.dataset['view'] as ViewKind;
      void showCalendar();
    });
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-nav]'))
    b.addEventListener('click', () => navigate(b.dataset['nav'] === 'prev' ? -1 : b.dataset['nav'] === 'next' ? 1 : 0));
  $('[data-action=new-event]').addEventListener('click', () => openEditor(null, null));
  $('[data-action=open-settings]').addEventListener('click', () => void call('open.options', {}).catch(showError));
  calendarEl().addEventListener('keydown', calendarKeys);
  document.addEventListener('keydown', globalKeys);
  const select = $<HTMLSelectElement>('#identity');
  select.addEventListener('change', async () => {
    await selectIdentity(select.value);
    void loadAttention();
    void showCalendar();
  });
  wireTransfer({
    root: document.body,
    identity: () => state.identity,
    zone: () => state.zone,
    onImported: () => {
      void loadCalendar();
      void loadAttention();
    },
    onError: showError,
  });

  try {
    state.identities = await call('identities.list', {});
  } catch (e) {
    showError(e);
    return;
  }
  if (!state.identities.length) {
    replace(calendarEl(), h('p', { class: 'notice info' }, t('manager_no_identities')));
    return;
  }
  replace(select, ...state.identities.map((i) => h('option', { value: i.email }, i.name ? `${i.name} <${i.email}>` : i.email)));
  const wanted = q.get('identity')?.toLowerCase();
  const initial = state.identities.find((i) => i.email === wanted) ?? state.identities.find((i) => i.role !== 'none') ?? state.identities[0]!;
  select.value = initial.email;
  await selectIdentity(initial.email);

  onNotice((n) => {
    if (n.notice === 'outbox.changed') void loadOutbox();
    if (n.notice !== 'store.changed' || n.identity !== state.identity) return;
    void loadAttention();
    if (state.page.kind === 'calendar') void loadCalendar();
    // An open event page follows changes to its event; the editor is left alone (the user's edits win).
    else if (state.page.kind === 'event' && n.uids.includes(state.page.uid)) void openEvent(state.page.uid, state.page.recurrenceId, state.page.outcome);
  });
  void loadAttention();
  const uid = q.get('uid');
  if (uid) await openEvent(uid, q.get('recurrenceId'));
  else await showCalendar();
}

void boot();
