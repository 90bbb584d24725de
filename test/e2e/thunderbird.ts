// Starts Thunderbird on a profile (headless, Marionette on, HOME in a scratch folder), watches its
// stdout for the add-on's `imip-agent: <event> <JSON>` lines (see docs/conventions: logging), and
// quits it cleanly through Marionette. Every wait has a timeout.
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Marionette } from './marionette.js';
import { startProcess, stopProcess, until, waitExit } from './procs.js';

export const THUNDERBIRD = process.env['THUNDERBIRD'] || '/usr/lib/thunderbird/thunderbird';

export interface AgentEvent {
  event: string;
  data: any;
  at: number;
}

export interface Thunderbird {
  child: ChildProcess;
  marionette: Marionette;
  events: AgentEvent[];
  startedAt: number;
  /** Every stdout/stderr line so far (for failure reports). */
  log: string[];
  /** Waits for an agent event matching `match` (also one already seen, unless `after` excludes it). */
  waitEvent(event: string, match?: (data: any) => boolean, ms?: number, after?: number, failOn?: (e: AgentEvent) => boolean): Promise<AgentEvent>;
  quit(): Promise<void>;
}

/** Pulls `imip-agent: <event> <json>` out of a console line (`console.log: "…"` or raw dump). */
export function parseAgentLine(line: string): { event: string; data: any } | null {
  const i = line.indexOf('imip-agent: ');
  if (i < 0) return null;
  let text = line.slice(i + 'imip-agent: '.length);
  // devtools.console.stdout.content prints `console.log: "message"`: strip the closing quote and
  // undo the string escaping when the JSON arrives escaped.
  if (line.slice(0, i).endsWith('"') && text.endsWith('"')) {
    try {
      text = JSON.parse('"' + text.slice(0, -1) + '"');
    } catch {
      text = text.slice(0, -1);
    }
  }
  const m = /^([a-z-]+)\s*(.*)$/.exec(text.trim());
  if (!m) return null;
  let data: any = null;
  if (m[2]) {
    try {
      data = JSON.parse(m[2]);
    } catch {
      data = m[2];
    }
  }
  return { event: m[1]!, data };
}

export interface LaunchOptions {
  profile: string;
  marionettePort: number;
  home: string;
  zone?: string;
  /** A file to append Thunderbird's output to. */
  logFile?: string;
  headless?: boolean;
}

export async function launch(o: LaunchOptions): Promise<Thunderbird> {
  mkdirSync(o.home, { recursive: true });
  const startedAt = Date.now();
  const args = ['--no-remote', '--profile', o.profile, '--marionette', '--remote-allow-system-access'];
  if (o.headless !== false) args.push('--headless');
  const child = startProcess(THUNDERBIRD, args, {
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: o.home,
      TZ: o.zone ?? 'Europe/Berlin',
      LANG: 'C.UTF-8',
      TMPDIR: join(o.home, 'tmp'),
      MOZ_CRASHREPORTER_DISABLE: '1',
      MOZ_DISABLE_AUTO_SAFE_MODE: '1',
      ...(o.headless === false && process.env['DISPLAY'] ? { DISPLAY: process.env['DISPLAY'] } : {}),
    },
  });
  mkdirSync(join(o.home, 'tmp'), { recursive: true });
  const events: AgentEvent[] = [];
  const log: string[] = [];
  const waiters = new Set<() => void>();
  const onChunk = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.on('data', (d: Buffer) => {
      rest += d.toString('utf8');
      const lines = rest.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        log.push(line);
        if (o.logFile) appendFileSync(o.logFile, line + '\n');
        if (process.env['E2E_VERBOSE']) process.stderr.write(`  tb| ${line}\n`);
        const ev = parseAgentLine(line);
        if (ev) {
          events.push({ ...ev, at: Date.now() });
          for (const w of waiters) w();
        }
      }
    });
  };
  onChunk(child.stdout!);
  onChunk(child.stderr!);

  let marionette: Marionette;
  try {
    marionette = await Marionette.open(o.marionettePort, 60000);
  } catch (e) {
    await stopProcess(child);
    throw new Error(`${(e as Error).message}\n--- Thunderbird output ---\n${log.slice(-40).join('\n')}`, { cause: e });
  }

  const tb: Thunderbird = {
    child,
    marionette,
    events,
    startedAt,
    log,
    waitEvent(event, match = () => true, ms = 30000, after = 0, failOn) {
      const find = () => events.find((e) => e.event === event && e.at >= after && match(e.data));
      const failed = () => (failOn ? events.find((e) => e.at >= after && failOn(e)) : undefined);
      const hit = find();
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const check = () => {
          const f = failed();
          if (f) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`instead of "imip-agent: ${event}" the add-on said: ${f.event} ${JSON.stringify(f.data)}`));
            return;
          }
          const h = find();
          if (h) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(h);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = events
            .map((e) => `${e.event} ${JSON.stringify(e.data)}`)
            .slice(-10)
            .join('\n  ');
          reject(new Error(`timed out after ${ms} ms waiting for "imip-agent: ${event}"; last agent lines:\n  ${seen || '(none)'}`));
        }, ms);
        waiters.add(check);
      });
    },
    async quit() {
      if (child.exitCode !== null) return;
      try {
        await marionette.quit(20000);
      } catch {
        // fall through to the signal below
      }
      if (!(await waitExit(child, 20000))) await stopProcess(child, 5000);
    },
  };
  return tb;
}

/** Waits until an agent event was seen `n` times. */
export function waitCount(tb: Thunderbird, event: string, match: (d: any) => boolean, n: number, ms: number): Promise<AgentEvent[]> {
  return until(`${n}× imip-agent: ${event}`, ms, () => {
    const hits = tb.events.filter((e) => e.event === event && match(e.data));
    return hits.length >= n ? hits : undefined;
  });
}
