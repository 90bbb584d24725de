// The peers section of `npm run bench`: the engine beside established implementations doing the
// same work on the same inputs, in the same run (absolute times on a shared machine vary by 2×
// from run to run; ratios measured side by side do not). Every round runs ours, then the peer.
//
// - ical.js and rrule.js in this process (they are dependencies already);
// - sabre/vobject's ITip Broker through `php` (bench/peers/sabre.php), from the sources in
//   `<shared>/peers/vendor` — `<shared>` is `../shared` beside the repository, where CI puts it,
//   or BENCH_SHARED;
// - python icalendar + recurring_ical_events through Debian's /usr/bin/python3
//   (bench/peers/python_peer.py).
// A peer that is not installed is skipped, and the report says so.
//
// `node --import tsx bench/peers.ts` runs this section alone (printed, nothing written);
// BENCH_PEERS=sabre,rrule,big (any of them) runs only those parts. With `--json` it prints the
// figures and the skipped peers as one JSON line on stdout and its progress on stderr: that is
// how `npm run bench` runs it, in a fresh process (bench/run.ts, section 9, says why).

import { performance } from 'node:perf_hooks';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ICAL from 'ical.js';
import * as rruleModule from 'rrule';
import * as engine from '../src/core/engine.js';
import { openMemoryStore } from '../src/store/memory-store.js';
import { expandEvent } from '../src/core/ical/recurrence.js';
import { loadStored, type EventObject } from '../src/core/itip/objects.js';
import type { Store } from '../src/core/store.js';
import { asMail, benchOptions, imipCorpus, calendarEvents, BIG_CALENDAR, USER, NOW, PREFS, type CorpusMessage } from './corpus.js';

export interface PeerFigure {
  name: string;
  unit: '/s' | 'ms';
  /** Ours: a rate (higher is better) or a time (lower is better), median over the rounds. */
  value: number;
  peer: string;
  peerValue: number;
  /** How many times faster ours is than the peer (below 1: slower). */
  ratio: number;
  /** The ratio to reach. */
  goal: number;
  met: boolean;
  note?: string;
}

const DAY = 86_400_000;
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = '/usr/bin/python3';

/** The median; of an even count, the mean of the middle two (with two rounds, not the slower one). */
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)]! + s[Math.ceil(m)]!) / 2;
};
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const round = (x: number) => (x >= 100 ? Math.round(x) : Math.round(x * 100) / 100);
const rrule = (((rruleModule as { default?: typeof rruleModule }).default ?? rruleModule) as typeof rruleModule).rrulestr;

const opts = benchOptions;

function uidOf(ics: string): string {
  return String(ICAL.Component.fromString(ics).getFirstSubcomponent('vevent')?.getFirstPropertyValue('uid') ?? '');
}

/** Which peers can run here; the reasons for those that cannot. */
function availablePeers(shared: string): { php: boolean; python: boolean; skipped: string[] } {
  const skipped: string[] = [];
  let php = false;
  if (!existsSync(join(shared, 'peers', 'autoload.php')))
    skipped.push(`sabre/vobject: no ${join(shared, 'peers', 'autoload.php')} (set BENCH_SHARED to the shared folder)`);
  else if (spawnSync('php', ['-r', 'exit(extension_loaded("mbstring") ? 0 : 3);']).status !== 0)
    skipped.push('sabre/vobject: php with mbstring is not installed (apt-get install -y php-cli php-mbstring php-xml)');
  else php = true;
  const py = spawnSync(PYTHON, ['-c', 'import icalendar, recurring_ical_events']);
  const python = py.status === 0;
  if (!python)
    skipped.push(
      `python icalendar: ${PYTHON} cannot import icalendar and recurring_ical_events (apt-get install -y python3-icalendar python3-recurring-ical-events)`,
    );
  return { php, python, skipped };
}

function runJson<T>(command: string, args: string[]): T {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

/** The big calendar as one VCALENDAR file: each VTIMEZONE once, then every VEVENT. */
function bigCalendarText(icss: string[]): string {
  const zones = new Map<string, string>();
  const events: string[] = [];
  for (const ics of icss) {
    for (const m of ics.matchAll(/BEGIN:VTIMEZONE\r\n[\s\S]*?END:VTIMEZONE\r\n/g)) zones.set(/TZID:([^\r\n]*)/.exec(m[0])![1]!, m[0]);
    for (const m of ics.matchAll(/BEGIN:VEVENT\r\n[\s\S]*?END:VEVENT\r\n/g)) events.push(m[0]);
  }
  return `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//imip-agent//bench//EN\r\n${[...zones.values()].join('')}${events.join('')}END:VCALENDAR\r\n`;
}

/** ical.js: occurrences of the parsed events overlapping [start, end), through its iterators. */
function icaljsListing(events: ICAL.Event[], start: number, end: number): number {
  let n = 0;
  for (const ev of events) {
    if (!ev.isRecurring()) {
      const s = ev.startDate.toUnixTime() * 1000;
      const e = ev.endDate.toUnixTime() * 1000;
      if (e > start && s < end) n++;
      continue;
    }
    const length = ev.duration.toSeconds() * 1000;
    const it = ev.iterator();
    for (let next = it.next(); next; next = it.next()) {
      const s = next.toUnixTime() * 1000;
      if (s >= end) break;
      if (s + length > start) n++;
    }
  }
  return n;
}

/**
 * ical.js: parse the calendar (its VTIMEZONEs registered once, shared) and build the events,
 * each given its overrides (same UID, with RECURRENCE-ID). Left to find them itself, `new
 * ICAL.Event(vevent)` scans every VEVENT of the parent calendar: 100,000 × 100,000 checks, a
 * quarter of an hour per round here, which would measure that misuse rather than ical.js.
 */
function icaljsParse(text: string): { events: ICAL.Event[]; zones: string[] } {
  const root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const zones: string[] = [];
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const tz = new ICAL.Timezone(vtz);
    ICAL.TimezoneService.register(tz);
    zones.push(tz.tzid);
  }
  const vevents = root.getAllSubcomponents('vevent');
  const overrides = new Map<string, ICAL.Component[]>();
  for (const v of vevents)
    if (v.hasProperty('recurrence-id')) {
      const uid = String(v.getFirstPropertyValue('uid'));
      overrides.set(uid, [...(overrides.get(uid) ?? []), v]);
    }
  const events = vevents.map((v) =>
    v.hasProperty('recurrence-id')
      ? new ICAL.Event(v, { exceptions: [] })
      : new ICAL.Event(v, { exceptions: overrides.get(String(v.getFirstPropertyValue('uid'))) ?? [] }),
  );
  return { events, zones };
}

export async function peerFigures(quick: boolean, progress: (what: string) => void = () => {}): Promise<{ figures: PeerFigure[]; skipped: string[] }> {
  const rounds = quick ? 2 : 5;
  // The sabre rows: a round is a few hundred messages, a fraction of a second on each side, and
  // this machine's speed moves by a third from moment to moment (either side's figure alike): one
  // round's ratio ranges from 0.9× to 1.8× here, so their medians are taken over many rounds.
  const sabreRounds = quick ? 2 : 21;
  // Rounds of the engine before the sabre rows are timed (see there).
  const warmup = quick ? 1 : 8;
  // The 100,000-event calendar: two rounds, each a minute and a half to five minutes here (below).
  const bigRounds = 2;
  const shared = resolve(process.env.BENCH_SHARED ?? join(REPO, '..', 'shared'));
  const { php, python, skipped } = availablePeers(shared);
  const figures: PeerFigure[] = [];
  // BENCH_PEERS=sabre,rrule,big runs only those parts (for working on one row; the full bench runs all).
  const only = process.env.BENCH_PEERS?.split(',');
  const want = (part: string) => !only || only.includes(part);
  const tmp = mkdtempSync(join(tmpdir(), 'imip-peers-'));
  const figure = (name: string, unit: PeerFigure['unit'], ours: number[], peer: string, theirs: number[], goal: number, note?: string) => {
    const value = median(ours);
    const peerValue = median(theirs);
    const ratio = unit === '/s' ? value / peerValue : peerValue / value;
    progress(`peers: ${name} vs ${peer}`);
    figures.push({
      name,
      unit,
      value: round(value),
      peer,
      peerValue: round(peerValue),
      ratio: round(ratio),
      goal,
      met: ratio >= goal,
      ...(note ? { note } : {}),
    });
  };

  try {
    // The iMIP corpus, dumped to files for the peers ------------------------------------------
    const corpus = imipCorpus(20261122, quick ? 200 : 1000);
    const requests = corpus.messages.filter((m) => m.kind === 'REQUEST' && !m.update);
    const replies = corpus.messages.filter((m) => m.kind === 'REPLY');
    const organisedByUid = new Map(corpus.organised.map((ics) => [uidOf(ics), ics]));
    const manifest = { request: [] as object[], reply: [] as object[], organise: [] as object[] };
    requests.forEach((m, i) => {
      writeFileSync(join(tmp, `request-${i}.ics`), m.ics);
      manifest.request.push({ file: `request-${i}.ics`, sender: m.envelope.from, recipient: USER });
    });
    replies.forEach((m, i) => {
      writeFileSync(join(tmp, `reply-${i}.ics`), m.ics);
      const existing = organisedByUid.get(m.uid);
      if (existing) writeFileSync(join(tmp, `reply-${i}-existing.ics`), existing);
      manifest.reply.push({ file: `reply-${i}.ics`, sender: m.envelope.from, recipient: USER, ...(existing ? { existing: `reply-${i}-existing.ics` } : {}) });
    });
    corpus.organised.forEach((ics, i) => {
      writeFileSync(join(tmp, `organised-${i}.ics`), ics);
      manifest.organise.push({ file: `organised-${i}.ics`, user: USER });
    });
    const manifestFile = join(tmp, 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const sabre = (mode: string) => {
      const r = runJson<{ count: number; ms: number }>('php', [join(REPO, 'bench', 'peers', 'sabre.php'), shared, manifestFile, mode]);
      return (r.count / r.ms) * 1000;
    };
    const prepared = async (organised: string[]) => {
      const store: Store = openMemoryStore();
      await store.transact((tx) => engine.setPrefs(tx, opts(), PREFS));
      for (const ics of organised) await store.transact((tx) => engine.invite(tx, opts(), { ics }));
      return store;
    };
    // The messages are made before the clock starts, as sabre.php reads its files first; one
    // options object serves the round, as one serves the add-on's background page.
    const handleAll = async (store: Store, msgs: CorpusMessage[]) => {
      const mails = msgs.map(asMail);
      const options = opts();
      const t0 = performance.now();
      for (const mail of mails) await store.transact((tx) => engine.handleMessage(tx, mail, options));
      return (msgs.length / (performance.now() - t0)) * 1000;
    };

    let part = performance.now();
    if (php && want('sabre')) {
      const ours = { request: [] as number[], reply: [] as number[], organise: [] as number[] };
      const theirs = { request: [] as number[], reply: [] as number[], organise: [] as number[] };
      const organiseAll = async () => {
        const store = await prepared([]);
        const t0 = performance.now();
        for (const ics of corpus.organised) await store.transact((tx) => engine.invite(tx, opts(), { ics }));
        return (corpus.organised.length / (performance.now() - t0)) * 1000;
      };
      // The engine runs in a long-lived background page, so the rows compare it warm: V8 compiles
      // hot code after some use, which a round of a few hundred messages does not reach, while
      // PHP's CLI (no opcache JIT by default) runs each round as it runs the first. The warm-up
      // rounds are not counted; the first, cold, is reported in each row's note.
      const cold = { request: 0, reply: 0, organise: 0 };
      for (let w = 0; w < warmup; w++) {
        const request = await handleAll(await prepared([]), requests);
        const reply = await handleAll(await prepared(corpus.organised), replies);
        const organise = await organiseAll();
        if (w === 0) Object.assign(cold, { request, reply, organise });
      }
      for (let round = 0; round < sabreRounds; round++) {
        ours.request.push(await handleAll(await prepared([]), requests));
        theirs.request.push(sabre('request'));
        ours.reply.push(await handleAll(await prepared(corpus.organised), replies));
        theirs.reply.push(sabre('reply'));
        ours.organise.push(await organiseAll());
        theirs.organise.push(sabre('organise'));
      }
      const note = (row: keyof typeof cold) =>
        `${sabreRounds} rounds alternating with sabre, after ${warmup} warm-up rounds of ours; ours cold, the first of them: ${Math.round(cold[row])}/s, ${round(cold[row] / median(theirs[row]))}×`;
      figure(
        'decide REQUEST (parse + decide + store), msgs',
        '/s',
        ours.request,
        'sabre/vobject Reader::read + Broker::processMessage',
        theirs.request,
        1.5,
        note('request'),
      );
      figure('decide REPLY against the stored copy, msgs', '/s', ours.reply, 'sabre/vobject', theirs.reply, 1.5, note('reply'));
      figure(
        'organiser: one invitation out, events',
        '/s',
        ours.organise,
        'sabre/vobject Broker::parseEvent + serialise',
        theirs.organise,
        1.5,
        note('organise'),
      );
      progress(`peers: sabre/vobject rows took ${seconds(part)}`);
    }

    // Recurrence expansion of the corpus's series, against rrule.js in floating time ----------
    part = performance.now();
    if (want('rrule')) {
      const series = corpus.messages.filter((m) => m.kind === 'REQUEST' && m.recurring && !m.occurrence);
      const objects: EventObject[] = series.map((m) => loadStored(m.ics, PREFS.TZID!)).filter((o) => o.master?.hasProperty('rrule'));
      const rules = objects.map((o) => {
        const start = o.master!.getFirstPropertyValue('dtstart') as ICAL.Time;
        const wall = start.isDate ? `${start.toICALString()}T000000` : start.toICALString().replace(/Z$/, '');
        return `DTSTART:${wall}\n${o
          .master!.getAllProperties('rrule')
          .map((p) => `RRULE:${String(p.getFirstValue())}`)
          .join('\n')}`;
      });
      const window = { start: NOW - 365 * DAY, end: NOW + 3 * 365 * DAY };
      const ours: number[] = [];
      const theirs: number[] = [];
      const runOurs = () => {
        let n = 0;
        const t0 = performance.now();
        for (const o of objects) n += expandEvent(o.master, o.overrides, window, o.ctx).occurrences.length;
        ours.push((n / (performance.now() - t0)) * 1000);
      };
      const runTheirs = () => {
        let n = 0;
        const t0 = performance.now();
        for (const text of rules) n += rrule(text).between(new Date(window.start), new Date(window.end), true).length;
        theirs.push((n / (performance.now() - t0)) * 1000);
      };
      // The order alternates (ours first in even rounds): whichever runs second in a round would
      // otherwise always find the other's warm-up done (ours calls rrule.js for MONTHLY rules).
      // The first round is both sides cold (JIT, our zone tables): reported in the note.
      for (let r = 0; r < rounds; r++)
        if (r % 2 === 0) {
          runOurs();
          runTheirs();
        } else {
          runTheirs();
          runOurs();
        }
      figure(
        `recurrence expansion, the corpus's ${objects.length} series (ours: in their zones), instances`,
        '/s',
        ours,
        'rrule.js 2.8, floating time',
        theirs,
        1,
        `${rounds} rounds, alternating which side goes first; first round, both cold: ${round(ours[0]! / theirs[0]!)}× (ours ${Math.round(ours[0]!)}/s, rrule.js ${Math.round(theirs[0]!)}/s)`,
      );
      progress(`peers: rrule.js row took ${seconds(part)}`);
    }

    // The big calendar ---------------------------------------------------------------------------
    // The input is built once (the StoredEvent records and the one-file VCALENDAR the peers read);
    // each round builds what it measures cold — our index from a fresh store's records, ical.js's
    // parse, python's parse — and runs the warm queries on it, ours first, then the peers. Two
    // rounds (bigRounds), not five: on this 2-core machine one round takes from two minutes idle
    // to five under other jobs' load — python about 55 s of it idle (icalendar parses the 46 MB
    // file in ~40 s, then recurring_ical_events takes ~7 s a week and ~6 s a year), ical.js's
    // parse and listings ~40 s, our store fill and index build ~25 s. Python runs once per round
    // (parse, week, year in one process). Each round's store and parsed events are dropped before
    // the next. (ical.js's events are given their overrides: see icaljsParse.)
    part = performance.now();
    if (want('big')) {
      const spec = quick ? { ...BIG_CALENDAR, events: 5_000, recurring: 100 } : BIG_CALENDAR;
      let t = performance.now();
      const stored = [...calendarEvents(7, spec)];
      const text = bigCalendarText(stored.map((e) => e.ics));
      const bigFile = join(tmp, 'big.ics');
      writeFileSync(bigFile, text);
      progress(`peers: big calendar input built (${stored.length} events, ${Math.round(text.length / 1e6)} MB) in ${seconds(t)}`);
      const week = { start: Date.UTC(2026, 2, 2), end: Date.UTC(2026, 2, 9) };
      const year = { start: Date.UTC(2026, 2, 2), end: Date.UTC(2027, 2, 2) };
      const iso = (w: { start: number; end: number }) => ({ start: new Date(w.start).toISOString(), end: new Date(w.end).toISOString() });
      const fb = async (store: Store, w: { start: number; end: number }) => {
        const t0 = performance.now();
        await store.transact((tx) => engine.freebusyCalendar(tx, opts(), iso(w)));
        return performance.now() - t0;
      };
      const ours = { cold: [] as number[], week: [] as number[], year: [] as number[] };
      const ical = { cold: [] as number[], week: [] as number[], year: [] as number[] };
      const py = { cold: [] as number[], week: [] as number[], year: [] as number[] };
      for (let r = 0; r < bigRounds; r++) {
        t = performance.now();
        const store = openMemoryStore();
        for (let i = 0; i < stored.length; i += 1000)
          await store.transact(async (tx) => {
            for (const e of stored.slice(i, i + 1000)) await tx.user(USER).putEvent(e);
          });
        await store.transact((tx) => engine.setPrefs(tx, opts(), PREFS));
        const filled = seconds(t);
        ours.cold.push(await fb(store, week));
        const weeks: number[] = [];
        const years: number[] = [];
        for (let k = 0; k < 10; k++) weeks.push(await fb(store, week));
        for (let k = 0; k < 5; k++) years.push(await fb(store, year));
        ours.week.push(median(weeks));
        ours.year.push(median(years));
        progress(`peers: big calendar round ${r + 1}: ours ${seconds(t)} (store filled in ${filled})`);

        t = performance.now();
        let t0 = performance.now();
        let parsed: ReturnType<typeof icaljsParse> | undefined = icaljsParse(text);
        icaljsListing(parsed.events, week.start, week.end);
        ical.cold.push(performance.now() - t0);
        t0 = performance.now();
        icaljsListing(parsed.events, week.start, week.end);
        ical.week.push(performance.now() - t0);
        t0 = performance.now();
        icaljsListing(parsed.events, year.start, year.end);
        ical.year.push(performance.now() - t0);
        for (const tzid of parsed.zones) ICAL.TimezoneService.remove(tzid);
        parsed = undefined;
        progress(`peers: big calendar round ${r + 1}: ical.js ${seconds(t)}`);

        if (python) {
          t = performance.now();
          const p = runJson<{ parse: number; week: number; year: number }>(PYTHON, [
            join(REPO, 'bench', 'peers', 'python_peer.py'),
            bigFile,
            String(week.start),
            String(year.start),
          ]);
          py.cold.push(p.parse + p.week);
          py.week.push(p.week);
          py.year.push(p.year);
          progress(`peers: big calendar round ${r + 1}: python ${seconds(t)}`);
        }
      }
      const n = spec.events.toLocaleString('en');
      const note = `${bigRounds} rounds (a round is minutes: python's parse alone ~40 s), ours then the peers in each; ours from the store's records, the peers from one ${Math.round(text.length / 1e6)} MB file`;
      figure(
        `${n}-event calendar, first week cold (ours: index build), ms`,
        'ms',
        ours.cold,
        'ical.js 2.2 parse + event objects + listing',
        ical.cold,
        2,
        note,
      );
      figure(`one week over ${n} events, ms`, 'ms', ours.week, 'ical.js iterators', ical.week, 100);
      figure(`one year over ${n} events, ms`, 'ms', ours.year, 'ical.js iterators', ical.year, 30);
      if (python) {
        figure(`${n}-event calendar, first week cold, ms`, 'ms', ours.cold, 'python icalendar parse + recurring_ical_events', py.cold, 2, note);
        figure(`one week over ${n} events, ms`, 'ms', ours.week, 'python recurring_ical_events', py.week, 100);
        figure(`one year over ${n} events, ms`, 'ms', ours.year, 'python recurring_ical_events', py.year, 30);
      }
      progress(`peers: big calendar rows took ${seconds(part)}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { figures, skipped };
}

/** The section as printed lines. */
export function peerReport(result: { figures: PeerFigure[]; skipped: string[] }): string[] {
  const rows = result.figures.map((f) => [
    f.name,
    `${f.value} ${f.unit}`,
    f.peer,
    `${f.peerValue} ${f.unit}`,
    `${f.ratio}×`,
    `>= ${f.goal}×`,
    f.met ? 'met' : 'NOT met',
  ]);
  const head = ['peers: same inputs, same run', 'ours', 'peer', "peer's", 'ratio', 'goal', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const lines = [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  for (const f of [...new Map(result.figures.filter((f) => f.note).map((f) => [f.note, f])).values()]) lines.push(`  ${f.name}: ${f.note}`);
  for (const s of result.skipped) lines.push(`  skipped ${s}`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // --json: for bench/run.ts, which stamps each progress line with its own clock and parses the
  // last line of stdout.
  const json = process.argv.includes('--json');
  const started = performance.now();
  const result = await peerFigures(!!process.env.BENCH_QUICK, (what) =>
    process.stderr.write(json ? `${what}\n` : `[${((performance.now() - started) / 1000).toFixed(1)} s] ${what}\n`),
  );
  console.log(json ? JSON.stringify(result) : peerReport(result).join('\n'));
}
