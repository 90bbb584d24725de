// The picture of the user's day(s): hours down the side, the existing events as `.busy` blocks
// (their summaries as text), the proposed slot `.proposal` drawn over them, and where the two
// overlap a `.conflict` block in the danger colour. For a counter-proposal the current time
// (`.original`) and the proposed one stand side by side. Pure geometry from the view the
// background computed (busy time and conflicts come from src/core); drawn with text-only svg().
import { DateTime } from 'luxon';
import type { BusyBlock } from '../shared/protocol.js';
import { svg, h } from '../ui/dom.js';
import { formatDate, formatTime, zoned } from '../ui/format.js';
import { formatLocale, t } from '../ui/i18n.js';

export interface Slot {
  start: string;
  end: string;
  allDay: boolean;
  /** The time to judge, an earlier one beside it, or the event the user has already accepted. */
  kind: 'proposal' | 'original' | 'accepted';
  label: string;
}

export interface PictureSpec {
  zone: string;
  busy: BusyBlock[];
  slots: Slot[];
  /** Busy blocks overlapping the proposal (from the view's `conflicts`). */
  conflicts: BusyBlock[];
  /** Days to show when there is no slot (free/busy): the range. */
  from?: string;
  to?: string;
  maxDays: number;
}

const WIDTH = 460;
const GUTTER = 44;
const HEADER = 20;
const STRIP = 18;
const PX_PER_HOUR = 28;
/** Lanes as fractions of a day column: busy text stays readable left of the proposal. */
const LANE = { busy: [0, 1], proposal: [0.4, 1], counterOriginal: [0.4, 0.7], counterProposal: [0.7, 1] } as const;

interface Span {
  a: number;
  b: number;
}

const ms = (iso: string, zone: string): number => zoned(iso, zone).toMillis();

function days(spec: PictureSpec): DateTime[] {
  const { zone } = spec;
  const out: DateTime[] = [];
  const add = (d: DateTime): void => {
    if (!out.some((x) => x.hasSame(d, 'day'))) out.push(d);
  };
  for (const s of spec.slots) {
    let d = zoned(s.start, zone).startOf('day');
    // The exclusive end: an event ending at midnight does not reach the next day.
    const last = zoned(s.end, zone).minus({ milliseconds: 1 }).startOf('day');
    for (let i = 0; d <= last && i < spec.maxDays; i++, d = d.plus({ days: 1 })) add(d);
  }
  if (!out.length) {
    const first = spec.from ?? spec.busy[0]?.start;
    if (first) {
      const d0 = zoned(first, zone).startOf('day');
      const lastBusy = spec.busy.reduce((m, b) => Math.max(m, ms(b.end, zone) - 1), spec.to ? ms(spec.to, zone) - 1 : d0.toMillis());
      for (let d = d0, i = 0; i < spec.maxDays && d.toMillis() <= lastBusy; i++, d = d.plus({ days: 1 })) add(d);
      if (!out.length) add(d0);
    }
  }
  return out.sort((x, y) => x.toMillis() - y.toMillis()).slice(0, spec.maxDays);
}

/** Minutes after local midnight of `day` (24 h for the day's end), following the wall clock. */
function minuteOf(instant: number, day: DateTime): number {
  const end = day.plus({ days: 1 }).toMillis();
  if (instant >= end) return 24 * 60;
  if (instant <= day.toMillis()) return 0;
  const local = DateTime.fromMillis(instant, { zone: day.zone });
  return local.hour * 60 + local.minute;
}

function wholeDay(span: Span, day: DateTime): boolean {
  return span.a <= day.toMillis() && span.b >= day.plus({ days: 1 }).toMillis();
}

function overlap(x: Span, y: Span): Span | null {
  const a = Math.max(x.a, y.a);
  const b = Math.min(x.b, y.b);
  return a < b ? { a, b } : null;
}

function fbLabel(b: BusyBlock): string {
  return b.summary ?? t(`popup_fbtype_${b.fbtype.replace('-', '_')}`);
}

/** Side-by-side sub-lanes for busy blocks that overlap each other (greedy, by start). */
function subLanes(blocks: { span: Span }[]): { lane: number; of: number }[] {
  const order = blocks.map((b, i) => i).sort((i, j) => blocks[i]!.span.a - blocks[j]!.span.a);
  const result: { lane: number; of: number }[] = blocks.map(() => ({ lane: 0, of: 1 }));
  let cluster: number[] = [];
  let clusterEnd = -Infinity;
  let laneEnds: number[] = [];
  const close = (): void => {
    for (const i of cluster) result[i]!.of = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };
  for (const i of order) {
    const s = blocks[i]!.span;
    if (s.a >= clusterEnd) close();
    let lane = laneEnds.findIndex((e) => e <= s.a);
    if (lane < 0) lane = laneEnds.push(s.b) - 1;
    else laneEnds[lane] = s.b;
    result[i]!.lane = lane;
    cluster.push(i);
    clusterEnd = Math.max(clusterEnd, s.b);
  }
  close();
  return result;
}

/** A block: its rectangle, then what lies on it (conflicts), then its text on top. */
function block(
  cls: string,
  x: number,
  y: number,
  w: number,
  hgt: number,
  title: string,
  lines: string[],
  attrs: Record<string, string> = {},
  over: SVGElement[] = [],
): SVGGElement {
  const g = svg('g', { class: cls, ...attrs }, svg('title', {}, title), svg('rect', { x, y, width: Math.max(w, 2), height: Math.max(hgt, 3), rx: 3 }), ...over);
  if (hgt >= 12 && w >= 24 && lines.length) {
    // A nested <svg> clips its text to the block (overflow is hidden by default).
    const clip = svg('svg', { x: x + 4, y, width: Math.max(w - 6, 0), height: hgt });
    lines
      .slice(0, Math.max(1, Math.floor((hgt - 2) / 12)))
      .forEach((line, i) => clip.appendChild(svg('text', { x: 0, y: 11 + i * 12, class: i ? 'sub' : '' }, line)));
    g.appendChild(clip);
  }
  return g;
}

export function dayPicture(spec: PictureSpec): SVGSVGElement {
  const { zone } = spec;
  const shown = days(spec);
  const busy = spec.busy.map((b) => ({ b, span: { a: ms(b.start, zone), b: ms(b.end, zone) } }));
  const conflictSpans = spec.conflicts.map((c) => ({ a: ms(c.start, zone), b: ms(c.end, zone) }));
  const slots = spec.slots.map((s) => ({ s, span: { a: ms(s.start, zone), b: ms(s.end, zone) } }));
  const isConflict = (span: Span): boolean => conflictSpans.some((c) => overlap(c, span));

  // The hours shown: the working day, widened to whatever is drawn on the shown days.
  let lo = 8 * 60;
  let hi = 18 * 60;
  let strip = false;
  for (const day of shown) {
    const dayStart = day.toMillis();
    const dayEnd = day.plus({ days: 1 }).toMillis();
    for (const { span, allDay } of [...busy.map((x) => ({ span: x.span, allDay: false })), ...slots.map((x) => ({ span: x.span, allDay: x.s.allDay }))]) {
      if (span.b <= dayStart || span.a >= dayEnd) continue;
      if (allDay || wholeDay(span, day)) {
        strip = true;
        continue;
      }
      lo = Math.min(lo, Math.floor(minuteOf(span.a, day) / 60) * 60 - 60);
      hi = Math.max(hi, Math.ceil(minuteOf(span.b, day) / 60) * 60 + 60);
    }
  }
  lo = Math.max(0, lo);
  hi = Math.min(24 * 60, hi);
  const top = HEADER + (strip ? STRIP : 0);
  const height = top + ((hi - lo) / 60) * PX_PER_HOUR + 4;
  const colW = (WIDTH - GUTTER) / Math.max(shown.length, 1);
  const y = (minute: number): number => top + ((Math.min(Math.max(minute, lo), hi) - lo) / 60) * PX_PER_HOUR;

  const nConflicts = spec.conflicts.length;
  const label = [
    t('popup_picture_label', shown.map((d) => formatDate(d.toISO()!, zone)).join(', ')),
    nConflicts ? t('popup_picture_conflicts', spec.conflicts.map(fbLabel).join(', ')) : slots.length ? t('popup_picture_free') : '',
  ]
    .filter(Boolean)
    .join(' ');
  const root = svg('svg', {
    class: 'day-picture',
    viewBox: `0 0 ${WIDTH} ${height}`,
    width: '100%',
    role: 'img',
    'aria-label': label,
    'data-days': shown.length,
  });
  root.appendChild(svg('title', {}, label));

  // Hours down the side, a line per hour: "9 AM" where the locale counts 12 hours, "09:00" elsewhere.
  const hour12 = new Intl.DateTimeFormat(formatLocale(), { hour: 'numeric' }).resolvedOptions().hour12;
  const hourFormat: Intl.DateTimeFormatOptions = hour12 ? { hour: 'numeric' } : { hour: '2-digit', minute: '2-digit' };
  const hours = svg('g', { class: 'hours' });
  for (let m = lo; m <= hi; m += 60) {
    hours.appendChild(svg('line', { x1: GUTTER - 4, x2: WIDTH, y1: y(m), y2: y(m) }));
    if (m < hi)
      hours.appendChild(
        svg(
          'text',
          { x: GUTTER - 6, y: y(m) + 10, 'text-anchor': 'end' },
          DateTime.fromObject({ hour: m / 60 })
            .setLocale(formatLocale())
            .toLocaleString(hourFormat),
        ),
      );
  }
  root.appendChild(hours);

  shown.forEach((day, col) => {
    const x0 = GUTTER + col * colW;
    const dayStart = day.toMillis();
    const daySpan = { a: dayStart, b: day.plus({ days: 1 }).toMillis() };
    const g = svg('g', { class: 'day', 'data-date': day.toISODate()! });
    g.appendChild(svg('rect', { class: 'column', x: x0, y: HEADER, width: colW, height: height - HEADER - 4 }));
    g.appendChild(
      svg(
        'text',
        { class: 'day-label', x: x0 + colW / 2, y: 14, 'text-anchor': 'middle' },
        day.setLocale(formatLocale()).toLocaleString({ weekday: 'short', day: 'numeric', month: 'short' }),
      ),
    );
    const lane = (frac: readonly [number, number]): [number, number] => [x0 + 2 + frac[0] * (colW - 4), (frac[1] - frac[0]) * (colW - 4)];
    const place = (span: Span, allDay: boolean): { yy: number; hh: number } | null => {
      const piece = overlap(span, daySpan);
      if (!piece) return null;
      if (allDay || wholeDay(span, day)) return strip ? { yy: HEADER + 1, hh: STRIP - 2 } : null;
      const yy = y(minuteOf(piece.a, day));
      return { yy, hh: y(minuteOf(piece.b, day)) - yy };
    };
    const timeText = (span: Span, allDay: boolean): string =>
      allDay || wholeDay(span, day)
        ? t('popup_all_day')
        : `${formatTime(new Date(span.a).toISOString(), zone)} – ${formatTime(new Date(span.b).toISOString(), zone)}`;

    const todays = busy.filter((x) => overlap(x.span, daySpan));
    const lanes = subLanes(todays);
    todays.forEach(({ b, span }, i) => {
      const p = place(span, false);
      if (!p) return;
      const [bx, bw] = lane(LANE.busy);
      const { lane: li, of } = lanes[i]!;
      const cls = ['busy', `fb-${b.fbtype.toLowerCase()}`, isConflict(span) ? 'conflicting' : ''].filter(Boolean).join(' ');
      const name = fbLabel(b);
      g.appendChild(
        block(
          cls,
          bx + (li * bw) / of,
          p.yy,
          bw / of - 1,
          p.hh,
          `${name} (${timeText(span, false)})`,
          [name, timeText(span, false)],
          b.uid ? { 'data-uid': b.uid } : {},
        ),
      );
    });

    const counter = slots.some((x) => x.s.kind === 'original');
    for (const { s, span } of slots) {
      const p = place(span, s.allDay);
      if (!p) continue;
      const [sx, sw] = lane(counter ? (s.kind === 'original' ? LANE.counterOriginal : LANE.counterProposal) : LANE.proposal);
      const text = timeText(span, s.allDay);
      // The overlap itself, drawn on the proposal in the danger colour (under its text).
      const marks: SVGElement[] = [];
      for (const c of s.kind !== 'original' ? conflictSpans : []) {
        const o = overlap(c, span);
        const q = o && place(o, s.allDay);
        if (!o || !q) continue;
        const from = new Date(o.a).toISOString();
        const to = new Date(o.b).toISOString();
        marks.push(
          svg(
            'rect',
            { class: 'conflict', x: sx, y: q.yy, width: sw, height: Math.max(q.hh, 3), rx: 3, 'data-start': from, 'data-end': to },
            svg('title', {}, t('popup_picture_conflict_at', `${formatTime(from, zone)} – ${formatTime(to, zone)}`)),
          ),
        );
      }
      g.appendChild(block(s.kind, sx, p.yy, sw, p.hh, `${s.label} (${text})`, [s.label, text], {}, marks));
    }
    root.appendChild(g);
  });
  return root;
}

/** The key under the picture: what each kind of block means. */
export interface LegendKeys {
  busy: string;
  /** The earlier time (a counter's current one, an update's previous one), when drawn. */
  original: string | null;
  proposal: string | null;
  /** The event itself, already accepted: drawn as the user's own time, not as a proposal. */
  accepted?: string | null;
}

export function legend(keys: LegendKeys, conflicts: boolean): HTMLElement {
  const item = (cls: string, key: string): HTMLElement => h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), t(key));
  return h(
    'ul',
    { class: 'legend' },
    item('busy', keys.busy),
    keys.original ? item('original', keys.original) : null,
    keys.proposal ? item('proposal', keys.proposal) : null,
    keys.accepted ? item('accepted', keys.accepted) : null,
    conflicts ? item('conflict', 'popup_legend_conflict') : null,
  );
}
