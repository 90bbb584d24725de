// `imip-agent`: the engine driven by process, for other mail programs and tests.
// Exit 0 when the input was read (refusals are results), 1 for unreadable input, 2 for usage.

import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { parseArgs, UsageError, USAGE, type Args } from './args.js';
import { openDirectoryStore } from '../store/dir-store.js';
import * as engine from '../core/engine.js';
import { parseRawMessage, MailError } from '../core/mime/raw.js';
import { renderMessage } from '../core/mime/render.js';
import { CalendarError } from '../core/ical/parse.js';
import { parseAssignment, PrefError } from '../core/prefs.js';
import { normalizeAddress } from '../core/itip/address.js';
import type { EngineOptions } from '../core/api.js';
import type { Outcome, PartStat } from '../core/types.js';
import type { AttachmentInfo } from '../core/api.js';
import { FileError, readAttachFiles, writeAttachments } from './attachments.js';
import { CalendarIndex } from '../core/calendars/index.js';
import { indexSource, type CalendarSource } from '../core/calendars/source.js';
import { itemsOfCalendarText } from '../core/calendars/file.js';

const VERSION = '0.1.0';

class InputError extends Error {}

async function readInput(path: string | undefined): Promise<Uint8Array> {
  try {
    if (!path || path === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return new Uint8Array(Buffer.concat(chunks));
    }
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new InputError(`cannot read ${path ?? 'standard input'}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function printOutcome(out: Outcome, now: Date): void {
  const outgoing = out.outgoing
    .filter((m) => m.to.length)
    .map((m) => ({
      from: m.from,
      to: m.to,
      method: m.method,
      raw: renderMessage(m, { date: now, messageId: `${randomUUID()}@imip-agent`, boundarySeed: randomUUID() }),
    }));
  process.stdout.write(JSON.stringify({ results: out.results, outgoing }) + '\n');
}

/**
 * `--calendar` files as the engine's calendar source, one calendar per file (core/calendars),
 * floating and all-day times read in `--set TZID=` or UTC. A file that does not parse is an
 * input error: the store stays untouched.
 */
async function readCalendars(paths: string[], zone: string, user: string, now: Date): Promise<CalendarSource> {
  const entries = [];
  for (const [i, path] of paths.entries()) {
    const id = `file-${i + 1}`;
    let items;
    try {
      items = itemsOfCalendarText(new TextDecoder().decode(await readInput(path)), id);
    } catch (e) {
      throw new InputError(`--calendar ${path}: ${(e as Error).message}`);
    }
    const index = new CalendarIndex(id, [user], zone, now.getTime());
    for (const item of items) index.set(item);
    entries.push({ info: { id, name: path, color: null }, index });
  }
  return indexSource(entries);
}

async function run(args: Args): Promise<void> {
  const now = args.now ? new Date(args.now) : new Date();
  const user = normalizeAddress(args.user);
  if (!user.includes('@')) throw new UsageError(`--user is not an address: ${args.user}`);
  const prefs = Object.fromEntries(args.set.map(parseAssignment));
  const calendars = args.calendars.length ? await readCalendars(args.calendars, prefs.TZID || 'UTC', user, now) : undefined;
  const opts: EngineOptions = { user, role: args.role, now, newId: () => randomUUID(), ...(calendars ? { calendars } : {}) };
  const o = args.options;
  // Read every input before opening the store: a bad file must leave the store untouched.
  const file = args.command === 'handle' || args.command === 'invite' || args.command === 'update' ? await readInput(args.positional[0]) : undefined;
  const message = args.command === 'handle' ? await parseRawMessage(file!) : undefined;
  const attachments = args.attach.length ? await readAttachFiles(args.attach) : [];
  const store = await openDirectoryStore(args.store);
  let listing: { list: AttachmentInfo[]; data: Map<string, Uint8Array> } | undefined;
  try {
    await store.transact(async (tx) => {
      if (Object.keys(prefs).length) await engine.setPrefs(tx, opts, prefs);
      const uid = o.uid!;
      const rid = o['recurrence-id'] ? { recurrenceId: o['recurrence-id'] } : {};
      const comment = o.comment !== undefined ? { comment: o.comment } : {};
      switch (args.command) {
        case 'handle':
          return printOutcome(await engine.handleMessage(tx, message!, { ...opts, outgoing: args.flags.has('outgoing') }), now);
        case 'respond':
          return printOutcome(
            await engine.respond(tx, opts, {
              uid,
              ...rid,
              partstat: o.partstat!.toUpperCase() as Extract<PartStat, 'ACCEPTED'>,
              ...comment,
              ...(args.flags.has('no-send') ? { send: false } : {}),
            }),
            now,
          );
        case 'counter':
          return printOutcome(await engine.counterPropose(tx, opts, { uid, ...rid, start: o.start!, end: o.end!, ...comment }), now);
        case 'delegate':
          return printOutcome(await engine.delegate(tx, opts, { uid, to: o.to!, ...comment }), now);
        case 'refresh':
          return printOutcome(await engine.refresh(tx, opts, { uid }), now);
        case 'invite':
        case 'update': {
          const ics = new TextDecoder().decode(file!);
          return printOutcome(
            await (args.command === 'invite' ? engine.invite : engine.update)(tx, opts, { ics, ...(attachments.length ? { attachments } : {}) }),
            now,
          );
        }
        case 'cancel':
          return printOutcome(await engine.cancel(tx, opts, { uid, ...rid }), now);
        case 'accept-counter':
          return printOutcome(await engine.acceptCounter(tx, opts, { uid, from: o.from!, ...rid }), now);
        case 'decline-counter':
          return printOutcome(await engine.declineCounter(tx, opts, { uid, from: o.from!, ...rid, ...comment }), now);
        case 'request-freebusy':
          return printOutcome(await engine.requestFreebusy(tx, opts, { to: o.to!.split(','), start: o.start!, end: o.end! }), now);
        case 'apply': {
          const held = (await tx.user(user).listQueue()).find((q) => q.id === o.id && q.kind === 'unverified');
          if (!held) throw new InputError(`no message waiting for confirmation with id ${o.id}`);
          return printOutcome(await engine.applyQueued(tx, opts, { id: held.id }), now);
        }
        case 'show':
          if (o.format === 'json') process.stdout.write(JSON.stringify(await engine.showJson(tx, opts, o.uid ? { uid: o.uid } : {}), null, 2) + '\n');
          else process.stdout.write(await engine.showCalendar(tx, opts, o.uid ? { uid: o.uid } : {}));
          return;
        case 'freebusy':
          process.stdout.write(await engine.freebusyCalendar(tx, opts, { start: o.start!, end: o.end! }));
          return;
        case 'prefs':
          process.stdout.write(JSON.stringify(await engine.getPrefs(tx, opts), null, 2) + '\n');
          return;
        case 'attachments': {
          if (!(await tx.user(user).getEvent(uid))) throw new InputError(`no stored event with UID ${uid}`);
          const list = await engine.listAttachments(tx, opts, { uid, ...rid });
          // The bytes are read inside the transaction; files are written after it, outside the store.
          const data = new Map<string, Uint8Array>();
          if (o.out !== undefined)
            for (const a of list)
              if (a.kind === 'stored' && !data.has(a.id)) {
                const got = await engine.getAttachment(tx, opts, { uid, id: a.id });
                if (got) data.set(a.id, got.data);
              }
          listing = { list, data };
          return;
        }
      }
    });
  } finally {
    await store.close();
  }
  if (listing) {
    const { list, data } = listing;
    const out = o.out !== undefined ? await writeAttachments(o.out, list, async (id) => data.get(id)) : list;
    process.stdout.write(JSON.stringify({ attachments: out }) + '\n');
    // The others are written; the exit status still says that not all of them could be.
    const failed = out.filter((a) => 'error' in a && a.error);
    if (failed.length) throw new FileError(`${failed.length} attachment(s) not written: ${failed.map((a) => ('error' in a ? a.error : '')).join('; ')}`);
  }
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`imip-agent: ${(e as Error).message} (see imip-agent --help)\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args === 'version') {
    process.stdout.write(`imip-agent ${VERSION}\n`);
    return 0;
  }
  try {
    await run(args);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof PrefError) {
      process.stderr.write(`imip-agent: ${e.message} (see imip-agent --help)\n`);
      return 2;
    }
    const known = e instanceof MailError || e instanceof CalendarError || e instanceof InputError || e instanceof FileError;
    const text = known ? (e as Error).message : `internal error: ${(e as Error)?.message ?? String(e)}`;
    process.stderr.write(`imip-agent: ${text.split('\n')[0]}\n`);
    if (process.env.IMIP_AGENT_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
