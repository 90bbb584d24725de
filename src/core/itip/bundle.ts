// `freebusy_bundling=always`: scheduling mail carries the sender's busy time for the coming weeks
// (as imip-agent did), so organisers can plan without a separate free/busy request.

import type { EngineOptions } from '../api.js';
import type { StoreTx } from '../store.js';
import type { Outcome } from '../types.js';
import { effectivePrefs } from '../prefs.js';
import { freebusyCalendarText, freebusyComponent, userBusy } from '../freebusy.js';
import { normalizeAddress } from './address.js';
import { methodTraits } from './methods.js';

/** How far ahead bundled free/busy reaches. */
export const BUNDLED_FREEBUSY_DAYS = 28;

export async function bundleFreebusy(tx: StoreTx, opts: EngineOptions, out: Outcome): Promise<Outcome> {
  const targets = out.outgoing.filter((m) => methodTraits(m.method)?.scheduling && !m.freebusy && !/BEGIN:VFREEBUSY/.test(m.ics));
  if (!targets.length) return out;
  const utx = tx.user(normalizeAddress(opts.user));
  const prefs = effectivePrefs(await utx.getPrefs());
  if (prefs.freebusy_bundling !== 'always') return out;
  const start = opts.now.getTime();
  const end = start + BUNDLED_FREEBUSY_DAYS * 86400000;
  const periods = await userBusy(utx, prefs.TZID || 'UTC', start, { start, end }, undefined, opts.calendars);
  const text = freebusyCalendarText(freebusyComponent({ organizer: utx.user, start, end, stamp: start, uid: opts.newId(), periods }), 'PUBLISH');
  for (const m of targets) m.freebusy = text;
  return out;
}
