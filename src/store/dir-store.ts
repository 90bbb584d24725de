// A directory of JSON files: the CLI's store, readable by people and other programs.
//   DIR/store.json                      {"schemaVersion": N}
//   DIR/<table>/<user>/<rest of key>.json   {"k": key, "v": record}
// Bytes (attachment data) are written as {"$base64": "…"} and read back as Uint8Array.
// Crash safety: a commit first writes every change into DIR/journal.json (temp file, fsync,
// rename), then applies each change as temp file + rename, then removes the journal. A journal
// left by a crash is replayed before anything else reads, so a transaction is all or nothing.
// A journal names only tables and keys; it cannot name a path outside DIR (checked on replay).
// Two processes on one store are serialised by DIR/lock (dir-lock.ts: owner pid, stale locks
// broken under a guard). File names: dir-names.ts (injective, also where case is ignored).

import { mkdir, open, readFile, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../core/store.js';
import { SCHEMA_VERSION } from '../core/store.js';
import { BufferedTx, SEP, TABLES, serialiser, type ReadBackend, type Table, type Write } from './buffered.js';
import { fileName, namePrefix } from './dir-names.js';
import { acquireLock } from './dir-lock.js';
import { StoreError } from './store-error.js';

export { StoreError } from './store-error.js';
export { LOCK_WAIT_MS } from './dir-lock.js';

function split(k: string): [string, string] {
  const i = k.indexOf(SEP);
  return i < 0 ? [k, ''] : [k.slice(0, i), k.slice(i + 1)];
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
}

/** JSON has no bytes: a Uint8Array is written as {"$base64": …} and revived on reading. */
const BYTES_TAG = '$base64';
function toJson(value: unknown, space?: number): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => (v instanceof Uint8Array ? { [BYTES_TAG]: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') } : v),
    space,
  );
}
function revive(_k: string, v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    const b = (v as Record<string, unknown>)[BYTES_TAG];
    if (keys.length === 1 && typeof b === 'string') return new Uint8Array(Buffer.from(b, 'base64'));
  }
  return v;
}

async function readJson(path: string): Promise<unknown | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8'), revive);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StoreError(`unreadable store file ${path}: ${(e as Error).message}`);
  }
}

export async function openDirectoryStore(dir: string): Promise<Store> {
  await mkdir(dir, { recursive: true });
  const pathOf = (table: Table, k: string) => {
    const [owner, rest] = split(k);
    return join(dir, table, fileName(owner), `${fileName(rest)}.json`);
  };
  const journal = join(dir, 'journal.json');

  const apply = async (writes: Write[]) => {
    for (const w of writes) {
      const path = pathOf(w.table, w.k);
      if (w.value === undefined) {
        await rm(path, { force: true });
        // A user's folder goes with its last file, so the user is no longer listed (owners).
        await rmdir(join(path, '..')).catch(() => undefined);
      } else {
        await mkdir(join(path, '..'), { recursive: true });
        await writeAtomic(path, toJson({ k: w.k, v: w.value }));
      }
    }
  };
  const replay = async () => {
    const pending = await readJson(journal);
    if (pending === undefined) return;
    // A journal is data like any file here: it may only name this store's tables and keys,
    // which pathOf turns into names inside DIR. Anything else is refused, nothing applied.
    if (!Array.isArray(pending) || !pending.every(isWrite))
      throw new StoreError(`store ${dir} has a journal that is not this store's (${journal}): move it away to open the store`);
    await apply(pending.map((w) => ({ ...w, value: w.value === null ? undefined : w.value })));
    await rm(journal, { force: true });
  };

  const backend: ReadBackend = {
    fresh: true, // every read parses its file afresh
    async get(table, k) {
      const rec = (await readJson(pathOf(table, k))) as { k: string; v: unknown } | undefined;
      return rec && rec.k === k ? rec.v : undefined;
    },
    async list(table, prefix) {
      const [owner] = split(prefix);
      const folder = join(dir, table, fileName(owner));
      let names: string[];
      try {
        names = await readdir(folder);
      } catch {
        return [];
      }
      // File names start with the encoded key (core of fileName), so most files are skipped
      // without being read.
      const [, restPrefix] = split(prefix);
      const usable = namePrefix(restPrefix);
      const out: [string, unknown][] = [];
      for (const name of names.filter((n) => n.endsWith('.json') && n.startsWith(usable))) {
        const rec = (await readJson(join(folder, name))) as { k: string; v: unknown } | undefined;
        if (rec && typeof rec.k === 'string' && rec.k.startsWith(prefix)) out.push([rec.k, rec.v]);
      }
      return out;
    },
    async range(table, lo, hi) {
      const [owner] = split(lo);
      const all = await backend.list(table, owner + SEP);
      return all.filter(([k]) => k >= lo && k <= hi);
    },
    async owners(table) {
      try {
        return (await readdir(join(dir, table))).map((n) => decodeURIComponent(n));
      } catch {
        return [];
      }
    },
  };

  const lockPath = join(dir, 'lock');
  const lock = () => acquireLock(lockPath, dir);

  // Schema: refuse a store written by a newer release rather than overwrite what it means.
  const opening = await lock();
  try {
    await replay();
    const meta = (await readJson(join(dir, 'store.json'))) as { schemaVersion?: number } | undefined;
    if (meta?.schemaVersion && meta.schemaVersion > SCHEMA_VERSION)
      throw new StoreError(`store ${dir} has schema version ${meta.schemaVersion}; this program knows up to ${SCHEMA_VERSION}`);
    if (!meta || (meta.schemaVersion ?? 1) < SCHEMA_VERSION) {
      // Migrations, oldest first. 1 → 2 adds the free/busy index tables: folders made on first
      // write and filled lazily by the core, so existing files stay as they are. 2 → 3 adds the
      // `attachments` folder the same way: events stored before it have no stored attachments.
      // 3 → 4 renames files to names that stay apart where case is ignored (dir-names.ts).
      if ((meta?.schemaVersion ?? 1) < 4) await renameFiles(dir, pathOf);
      await writeAtomic(join(dir, 'store.json'), toJson({ schemaVersion: SCHEMA_VERSION, tables: TABLES }, 1));
    }
  } finally {
    await opening.release();
  }

  const serial = serialiser();
  return {
    transact: (fn) =>
      serial(async () => {
        const held = await lock();
        try {
          await replay();
          const tx = new BufferedTx(backend);
          const value = await fn(tx);
          const writes = [...tx.writes.values()];
          if (writes.length) {
            await writeAtomic(journal, toJson(writes.map((w) => ({ ...w, value: w.value === undefined ? null : w.value }))));
            await apply(writes);
            await rm(journal, { force: true });
          }
          return value;
        } finally {
          await held.release();
        }
      }),
    async close() {},
  };
}

function isWrite(w: unknown): w is Write {
  if (!w || typeof w !== 'object') return false;
  const { table, k } = w as Record<string, unknown>;
  return typeof table === 'string' && (TABLES as readonly string[]).includes(table) && typeof k === 'string' && k.includes(SEP);
}

/** Moves every record file to the name its key has now; reads each file's key (idempotent: a
 * crash midway is finished on the next open, as store.json still names the old version). */
async function renameFiles(dir: string, pathOf: (table: Table, k: string) => string): Promise<void> {
  for (const table of TABLES) {
    let owners: string[];
    try {
      owners = await readdir(join(dir, table));
    } catch {
      continue;
    }
    for (const owner of owners) {
      const folder = join(dir, table, owner);
      for (const name of (await readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.json'))) {
        const from = join(folder, name);
        const rec = (await readJson(from)) as { k?: unknown } | undefined;
        if (!rec || typeof rec.k !== 'string') continue;
        const to = pathOf(table, rec.k);
        if (to === from) continue;
        await mkdir(join(to, '..'), { recursive: true });
        await rename(from, to);
      }
      await rmdir(folder).catch(() => undefined); // empty once its files moved
    }
  }
}
