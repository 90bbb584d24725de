// The directory store's lock between processes: DIR/lock holds "<pid> <token>" of its owner.
//
// It is created whole and at once (written under a unique name, then hard-linked to DIR/lock,
// which fails if the lock exists), so no one ever reads a half-written lock. A lock whose owner
// is gone (crashed, killed) is stale; breaking it is itself guarded: only the holder of
// DIR/lock.break may remove DIR/lock, and only after reading again, under that guard, that
// DIR/lock is still the very stale lock it judged. Without the guard two processes that both saw
// the stale lock could each remove it — the second removing the first one's fresh lock — and
// both go on to write (a REPLY was lost that way). Node has no flock(2), hence this by hand.

import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { StoreError } from './store-error.js';

/** How long a process waits for another one's lock before giving up. */
export const LOCK_WAIT_MS = 15_000;
/** A lock or guard without a readable owner (written by hand) counts as stale after this long. */
const UNOWNED_STALE_MS = 5000;

/** Creates `path` holding `content`, all at once; false if it exists. */
async function createWhole(path: string, content: string): Promise<boolean> {
  const tmp = `${path}.${process.pid}.${randomUUID()}.new`;
  const h = await open(tmp, 'wx');
  try {
    await h.writeFile(content);
    await h.sync();
  } finally {
    await h.close();
  }
  try {
    await link(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await rm(tmp, { force: true });
  }
}

async function readOwner(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Whether the lock holding `content` has lost its owner. */
async function isStale(path: string, content: string): Promise<boolean> {
  const pid = Number(content.trim().split(/\s+/)[0]);
  if (!Number.isInteger(pid) || pid <= 0) {
    try {
      return Date.now() - (await stat(path)).mtimeMs > UNOWNED_STALE_MS;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    // EPERM: the process exists (another user's): alive.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Removes `path` if it still holds `content`: moved aside first (atomic, one winner), then
 * checked; a file that turns out to be another one is put back where it was. */
async function removeIfStill(path: string, content: string): Promise<void> {
  const aside = `${path}.${process.pid}.${randomUUID()}.stale`;
  try {
    await rename(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if ((await readOwner(aside)) !== content) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

export interface Lock {
  release(): Promise<void>;
}

/** Takes DIR/lock, waiting up to LOCK_WAIT_MS for a live owner; breaks a stale one. */
export async function acquireLock(lockPath: string, what: string, waitMs = LOCK_WAIT_MS): Promise<Lock> {
  const mine = `${process.pid} ${randomUUID()}`;
  const guardPath = `${lockPath}.break`;
  const started = Date.now();
  for (;;) {
    if (await createWhole(lockPath, mine)) {
      return {
        async release() {
          // Only our own lock: never one a breaker gave to someone else after judging us dead.
          if ((await readOwner(lockPath)) === mine) await rm(lockPath, { force: true });
        },
      };
    }
    const held = await readOwner(lockPath);
    if (held !== undefined && (await isStale(lockPath, held))) {
      if (await createWhole(guardPath, mine)) {
        try {
          // Under the guard: still the same stale lock? Then it is ours to remove.
          if ((await readOwner(lockPath)) === held && (await isStale(lockPath, held))) await removeIfStill(lockPath, held);
        } finally {
          if ((await readOwner(guardPath)) === mine) await rm(guardPath, { force: true });
        }
        continue;
      }
      // A guard left by a breaker that died inside it: moved aside by the one who sees it first.
      const guard = await readOwner(guardPath);
      if (guard !== undefined && (await isStale(guardPath, guard))) await removeIfStill(guardPath, guard);
    }
    if (Date.now() - started > waitMs) throw new StoreError(`store ${what} is locked by another process (${lockPath})`);
    await new Promise((r) => setTimeout(r, 15));
  }
}
