// Free/busy of the people being invited, side by side over the chosen day (`#freebusy`): the
// user's own busy time first, then a row per attendee from what their replies and free/busy
// messages told us, "unknown" when nothing is known, and a button to ask them.
import { DateTime } from 'luxon';
import type { Address, BusyBlock, PersonBusy } from '../../shared/protocol.js';
import { h, replace } from '../../ui/dom.js';
import { formatDateTime, formatTime } from '../../ui/format.js';
import { formatLocale, t } from '../../ui/i18n.js';
import { call } from '../../ui/rpc.js';
import { renderOutcome } from '../outcome.js';

export interface FreeBusyQuery {
  addresses: Address[];
  /** Display names of attendees that have one. */
  names: Record<Address, string>;
  /** YYYY-MM-DD in `zone`. */
  day: string;
  zone: string;
  /** The time being chosen, ISO UTC, or null (all-day or incomplete). */
  proposal: { start: string; end: string } | null;
  excludeUid?: string;
}

export interface FreeBusyPanel {
  el: HTMLElement;
  refresh(): void;
}

/** How many days `freebusy.request` asks for from the chosen day on, so nearby days are known too. */
const ASK_DAYS = 7;

function place(el: HTMLElement, start: string, end: string, day: DateTime): boolean {
  const from = day.toMillis();
  const to = day.plus({ days: 1 }).toMillis();
  const a = Math.max(from, DateTime.fromISO(start, { zone: 'utc' }).toMillis());
  const b = Math.min(to, DateTime.fromISO(end, { zone: 'utc' }).toMillis());
  if (b <= a) return false;
  el.style.left = `${((a - from) / (to - from)) * 100}%`;
  el.style.width = `${((b - a) / (to - from)) * 100}%`;
  return true;
}

export function createFreeBusy(identity: Address, query: () => FreeBusyQuery, onError: (e: unknown) => void): FreeBusyPanel {
  const body = h('div', { class: 'fb-body' });
  const result = h('div', { class: 'fb-result' });
  const ask = h('button', { type: 'button', 'data-action': 'request-freebusy' }, t('manager_fb_request'));
  const title = h('span', { class: 'muted fb-day' });
  const el = h(
    'fieldset',
    { id: 'freebusy', class: 'freebusy' },
    h('legend', {}, t('manager_fb_title')),
    h('div', { class: 'row' }, title, h('span', { class: 'spacer' }), ask),
    body,
    result,
  );
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function row(label: string, address: string | null, blocks: BusyBlock[] | null, day: DateTime, q: FreeBusyQuery, note: string | null): HTMLElement {
    const track = h('div', { class: 'fb-track' });
    for (let hr = 3; hr < 24; hr += 3) {
      const tick = h('div', { class: 'fb-tick', 'aria-hidden': 'true' });
      tick.style.left = `${(hr / 24) * 100}%`;
      track.append(tick);
    }
    if (blocks === null) track.append(h('span', { class: 'fb-unknown' }, t('manager_fb_unknown')));
    else
      for (const b of blocks) {
        if (b.fbtype === 'FREE') continue;
        const text = `${formatTime(b.start, q.zone)} – ${formatTime(b.end, q.zone)} ${t(`manager_fbtype_${b.fbtype.replace(/-/g, '_')}`)}${b.summary ? ` · ${b.summary}` : ''}`;
        const block = h('div', { class: `fb-busy fbtype-${b.fbtype}`, title: text }, h('span', { class: 'visually-hidden' }, text));
        if (place(block, b.start, b.end, day)) track.append(block);
      }
    if (q.proposal) {
      const p = h('div', { class: 'fb-proposal', 'aria-hidden': 'true' });
      if (place(p, q.proposal.start, q.proposal.end, day)) track.append(p);
    }
    return h(
      'div',
      { class: 'fb-row', 'data-address': address ?? identity, 'data-known': blocks === null ? 'false' : 'true' },
      h(
        'div',
        { class: 'fb-who', title: address ?? identity },
        h('span', { class: 'fb-name' }, label),
        note ? h('span', { class: 'muted fb-note' }, note) : null,
      ),
      track,
    );
  }

  async function load(): Promise<void> {
    const q = query();
    const mine = ++seq;
    const day = DateTime.fromISO(q.day, { zone: q.zone }).startOf('day');
    if (!day.isValid) return;
    const start = day.toUTC().toISO()!;
    const end = day.plus({ days: 1 }).toUTC().toISO()!;
    title.textContent = day.setLocale(formatLocale()).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    ask.disabled = !q.addresses.length;
    try {
      const [own, people] = await Promise.all([
        call('busy.range', { identity, start, end, ...(q.excludeUid ? { excludeUid: q.excludeUid } : {}) }),
        q.addresses.length ? call('freebusy.people', { identity, addresses: q.addresses, start, end }) : Promise.resolve([] as PersonBusy[]),
      ]);
      if (mine !== seq) return;
      const scale = h('div', { class: 'fb-row fb-scale', 'aria-hidden': 'true' }, h('div', { class: 'fb-who' }), h('div', { class: 'fb-track' }));
      const scaleTrack = scale.lastElementChild as HTMLElement;
      for (let hr = 0; hr < 24; hr += 3) {
        const lab = h('span', { class: 'fb-hour' }, day.set({ hour: hr }).setLocale(formatLocale()).toLocaleString({ hour: 'numeric' }));
        lab.style.left = `${(hr / 24) * 100}%`;
        scaleTrack.append(lab);
      }
      const byAddress = new Map(people.map((p) => [p.address, p]));
      replace(
        body,
        scale,
        row(t('manager_fb_you'), identity, own, day, q, null),
        ...q.addresses.map((a) => {
          const p = byAddress.get(a);
          const known = p?.known ? p : null;
          return row(
            q.names[a] ?? a,
            a,
            known ? known.busy : null,
            day,
            q,
            known?.updated ? t('manager_fb_updated', formatDateTime(known.updated, q.zone)) : null,
          );
        }),
      );
    } catch (e) {
      if (mine === seq) onError(e);
    }
  }

  ask.addEventListener('click', async () => {
    const q = query();
    const day = DateTime.fromISO(q.day, { zone: q.zone }).startOf('day');
    ask.disabled = true;
    try {
      const outcome = await call('freebusy.request', {
        identity,
        to: q.addresses,
        start: day.toUTC().toISO()!,
        end: day.plus({ days: ASK_DAYS }).toUTC().toISO()!,
      });
      replace(result, renderOutcome(outcome, onError));
    } catch (e) {
      onError(e);
    } finally {
      ask.disabled = !query().addresses.length;
    }
  });

  return {
    el,
    refresh() {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 200);
    },
  };
}
