// The background's answers to the pages (src/shared/protocol.ts): one readable handler per
// request type, each a thin call into src/core (engine.ts and core/views). `handleRequest`
// answers `{ok: true, value}` or `{ok: false, error}` and never throws.
import type { Reply, Request, RequestMap, RequestType } from '../shared/protocol.js';
import * as engine from '../core/engine.js';
import * as views from '../core/views/index.js';
import { validatePref } from '../core/prefs.js';
import { decodeBase64 } from '../core/mime/decode.js';
import { calendarIdentities, engineOptions, findIdentity, type Agent, type CalendarIdentity } from './agent.js';
import { getGlobalSettings, getIdentitySettings, setGlobalSettings, setIdentitySettings } from './settings.js';
import { listAllOutbox, sentView } from './outbox.js';
import { consent, discard, resend } from './outbox-actions.js';
import { encryptionForUid, runAction, runPopupAction } from './actions.js';
import { messageAct, messageView } from './service-message.js';
import { errorText } from './log.js';
import { applyBanner } from './banner.js';
import { OUTBOX_ATTENTION_PREFIX, unsentAttention } from './attention-outbox.js';
import { answerOf, historyPhases } from './answers.js';
import { calendarSettingsView, setCalendarSettings } from './calendar-settings.js';
import { followZone, thunderbirdZone } from './zone.js';

type Handler<T extends RequestType> = (agent: Agent, req: RequestMap[T]['req']) => Promise<RequestMap[T]['res']>;
type Handlers = { [T in RequestType]: Handler<T> };

/** A read (or a write without mail) for one identity in one transaction. */
async function withIdentity<T>(
  agent: Agent,
  address: string,
  fn: (tx: Parameters<Parameters<ReturnType<Agent['store']>['transact']>[0]>[0], identity: CalendarIdentity) => Promise<T>,
): Promise<T> {
  const identity = await findIdentity(agent, address);
  return agent.store().transact((tx) => fn(tx, identity));
}

/** Base64 of bytes, in chunks (String.fromCharCode on a whole large array overflows the stack). */
function toBase64(data: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < data.length; i += 0x8000) bin += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return btoa(bin);
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const safeName = (s: string) => s.replace(/[^A-Za-z0-9._@-]+/g, '_').slice(0, 80) || 'calendar';

export const HANDLERS: Handlers = {
  // identities and settings
  'identities.list': async (agent) =>
    (await calendarIdentities(agent)).map((i) => ({ id: i.id, accountId: i.accountId, email: i.email, name: i.name, role: i.settings.role })),
  'settings.get': async (agent, req) => getIdentitySettings(agent.tb, (await findIdentity(agent, req.identity)).email),
  'settings.set': async (agent, req) => setIdentitySettings(agent.tb, (await findIdentity(agent, req.identity)).email, req.settings),
  'calendars.get': async (agent, req) => {
    const identity = await findIdentity(agent, req.identity);
    return calendarSettingsView(agent.calendars, identity.id, identity.calendarSettings);
  },
  'calendars.set': async (agent, req) => {
    const identity = await findIdentity(agent, req.identity);
    return calendarSettingsView(agent.calendars, identity.id, await setCalendarSettings(agent.tb, identity.email, req.settings));
  },
  'global.get': async (agent) => getGlobalSettings(agent.tb),
  'global.set': async (agent, req) => {
    const settings = await setGlobalSettings(agent.tb, req.settings);
    await applyBanner(agent, settings.banner);
    return settings;
  },
  'ui.format': async (agent) => agent.tb.imipSend.getRegionalFormat(),
  'prefs.get': (agent, req) =>
    withIdentity(agent, req.identity, async (tx, identity) => ({
      effective: await engine.getPrefs(tx, engineOptions(agent, identity)),
      stored: await tx.user(identity.email).getPrefs(),
      meta: views.prefMeta(),
      // What an identity without a zone of its own follows: Thunderbird's calendar zone.
      systemZone: await thunderbirdZone(agent),
    })),
  'prefs.set': async (agent, req) => {
    const prefs = await setPrefs(agent, req);
    if (!req.unset?.includes('TZID')) return prefs;
    // Back to following Thunderbird's calendar zone, at once.
    await followZone(agent);
    return withIdentity(agent, req.identity, (tx, identity) => engine.getPrefs(tx, engineOptions(agent, identity)));
  },

  // the popup
  'message.view': messageView,
  'message.act': messageAct,
  'slots.free': (agent, req) =>
    withIdentity(agent, req.identity, (tx, i) =>
      views.freeSlots(tx, engineOptions(agent, i), {
        after: req.after,
        durationMinutes: req.durationMinutes,
        count: req.count,
        ...(req.excludeUid ? { excludeUid: req.excludeUid } : {}),
      }),
    ),
  'busy.range': (agent, req) =>
    withIdentity(agent, req.identity, (tx, i) =>
      views.busyRange(tx, engineOptions(agent, i), { start: req.start, end: req.end, ...(req.excludeUid ? { excludeUid: req.excludeUid } : {}) }),
    ),

  // the management page
  'calendar.range': (agent, req) =>
    withIdentity(agent, req.identity, (tx, i) => views.calendarRange(tx, engineOptions(agent, i), { start: req.start, end: req.end })),
  'event.get': (agent, req) =>
    withIdentity(agent, req.identity, async (tx, i) => {
      const detail = await views.eventDetail(tx, engineOptions(agent, i), req.uid);
      if (!detail) return null;
      const utx = tx.user(i.email);
      const stored = await utx.getEvent(req.uid);
      const outbox = await utx.listOutbox();
      const withPhases = historyPhases(detail, outbox);
      return {
        ...withPhases,
        answer: detail.event.relation === 'attendee' ? answerOf(outbox, stored, { uid: req.uid, identity: i.email, partstat: detail.event.partstat }) : null,
      };
    }),
  'attention.list': async (agent, req) => {
    const all = (await calendarIdentities(agent)).filter((i) => i.settings.role !== 'none' && (!req.identity || i.email === req.identity.trim().toLowerCase()));
    return agent.store().transact(async (tx) => {
      const out = [];
      for (const i of all) out.push(...(await views.attentionList(tx, engineOptions(agent, i))), ...(await unsentAttention(agent, tx, i.email)));
      return out.sort((a, b) => (a.created < b.created ? 1 : -1));
    });
  },
  'attention.dismiss': async (agent, req) => {
    if (req.id.startsWith(OUTBOX_ATTENTION_PREFIX)) {
      await discard(agent, req.id.slice(OUTBOX_ATTENTION_PREFIX.length));
      return {};
    }
    return withIdentity(agent, req.identity, async (tx, i) => {
      await views.dismissAttention(tx, engineOptions(agent, i), req.id);
      return {};
    });
  },
  'event.save': async (agent, req) => {
    const identity = await findIdentity(agent, req.identity);
    let uid = req.draft.uid ?? '';
    const done = await runAction(agent, identity, req.draft.uid ? await encryptionForUid(agent, req.draft.uid) : null, async (tx, opts) => {
      const stored = req.draft.uid ? await tx.user(identity.email).getEvent(req.draft.uid) : undefined;
      const ics = views.draftToIcs(req.draft, {
        organizer: identity.email,
        ...(identity.name ? { organizerName: identity.name } : {}),
        now: opts.now,
        newId: opts.newId,
        ...(stored ? { previousIcs: stored.ics } : {}),
      });
      // New files go as CID parts (RFC 6047 §4.3); kept ones are named by the draft's ATTACH lines.
      const attachments = req.draft.attachments.filter((a) => a.dataBase64).map((a) => ({ name: a.name, type: a.type, data: decodeBase64(a.dataBase64!) }));
      const args = { ics, ...(attachments.length ? { attachments } : {}) };
      const outcome = stored ? await engine.update(tx, opts, args) : await engine.invite(tx, opts, args);
      uid = outcome.results.find((r) => r.uid)?.uid ?? uid;
      return outcome;
    });
    return { results: done.results, sent: done.sent, uid };
  },
  'event.cancel': async (agent, req) => {
    const identity = await findIdentity(agent, req.identity);
    const { results, sent } = await runAction(agent, identity, await encryptionForUid(agent, req.uid), (tx, opts) =>
      engine.cancel(tx, opts, { uid: req.uid, ...(req.recurrenceId ? { recurrenceId: req.recurrenceId } : {}) }),
    );
    return { results, sent };
  },
  'queued.apply': async (agent, req) => {
    const identity = await findIdentity(agent, req.identity);
    const { results, sent } = await runAction(agent, identity, req.uid ? await encryptionForUid(agent, req.uid) : null, (tx, opts) =>
      engine.applyQueued(tx, opts, { id: req.id }),
    );
    return { results, sent };
  },
  'event.respond': async (agent, req) => {
    const identity = await findIdentity(agent, req.identity);
    const { results, sent } = await runAction(agent, identity, await encryptionForUid(agent, req.uid), (tx, opts) =>
      runPopupAction(tx, opts, req.uid, req.action),
    );
    return { results, sent };
  },
  'counter.decide': async (agent, req) => {
    const identity = await findIdentity(agent, req.identity);
    const action =
      req.decision === 'accept'
        ? { kind: 'accept-counter' as const, from: req.from, ...(req.recurrenceId ? { recurrenceId: req.recurrenceId } : {}) }
        : {
            kind: 'decline-counter' as const,
            from: req.from,
            ...(req.recurrenceId ? { recurrenceId: req.recurrenceId } : {}),
            ...(req.comment ? { comment: req.comment } : {}),
          };
    const { results, sent } = await runAction(agent, identity, await encryptionForUid(agent, req.uid), (tx, opts) => runPopupAction(tx, opts, req.uid, action));
    return { results, sent };
  },
  'freebusy.people': (agent, req) =>
    withIdentity(agent, req.identity, (tx, i) => views.peopleBusy(tx, engineOptions(agent, i), { addresses: req.addresses, start: req.start, end: req.end })),
  'freebusy.request': async (agent, req) => {
    const identity = await findIdentity(agent, req.identity);
    const { results, sent } = await runAction(agent, identity, null, (tx, opts) =>
      engine.requestFreebusy(tx, opts, { to: req.to, start: req.start, end: req.end }),
    );
    return { results, sent };
  },
  'attachment.get': (agent, req) =>
    withIdentity(agent, req.identity, async (tx, i) => {
      const found = await engine.getAttachment(tx, engineOptions(agent, i), { uid: req.uid, id: req.id });
      if (!found) throw new Error(`no stored attachment ${req.id} on ${req.uid}`);
      return { name: found.name, type: found.type, dataBase64: toBase64(found.data) };
    }),
  'ics.import': (agent, req) => withIdentity(agent, req.identity, (tx, i) => views.importIcs(tx, engineOptions(agent, i), req.text)),
  'ics.export': (agent, req) =>
    withIdentity(agent, req.identity, async (tx, i) => ({
      filename: `${safeName(req.uid ?? i.email)}.ics`,
      text: await engine.showCalendar(tx, engineOptions(agent, i), req.uid ? { uid: req.uid } : {}),
    })),
  'ifb.export': (agent, req) =>
    withIdentity(agent, req.identity, async (tx, i) => ({
      filename: `freebusy-${safeName(i.email)}.ifb`,
      text: await engine.freebusyCalendar(tx, engineOptions(agent, i), { start: req.start, end: req.end }),
    })),
  'backup.export': async (agent) => {
    const now = agent.now();
    return { filename: `imip-agent-backup-${day(now)}.json`, json: await agent.store().transact((tx) => views.exportBackup(tx, now)) };
  },
  'backup.restore': async (agent, req) => agent.store().transact((tx) => views.restoreBackup(tx, req.json)),

  // outgoing mail
  'outbox.list': async (agent) => (await listAllOutbox(agent)).map(sentView),
  'outbox.consent': async (agent, req) => sentView(await consent(agent, req.id, req.send)),
  'outbox.resend': async (agent, req) => sentView(await resend(agent, req.id)),
  'outbox.discard': async (agent, req) => sentView(await discard(agent, req.id)),

  // navigation
  'open.manager': async (agent, req) => {
    const q = new URLSearchParams();
    if (req.identity) q.set('identity', req.identity);
    if (req.uid) q.set('uid', req.uid);
    const query = q.toString();
    await agent.tb.tabs.create({ url: agent.tb.runtime.getURL('manager/index.html') + (query ? `?${query}` : '') });
    return {};
  },
  'open.options': async (agent) => {
    await agent.tb.runtime.openOptionsPage();
    return {};
  },
};

export async function handleRequest<T extends RequestType>(agent: Agent, req: Request<T>): Promise<Reply<T>> {
  try {
    const handler = HANDLERS[req.type as T] as unknown as Handler<T>;
    return { ok: true, value: await handler(agent, req as unknown as RequestMap[T]['req']) };
  } catch (e) {
    return { ok: false, error: errorText(e) };
  }
}

/** Checks and stores an identity's engine preferences; `unset` goes back to the defaults. */
function setPrefs(agent: Agent, req: RequestMap['prefs.set']['req']): Promise<Record<string, string>> {
  return withIdentity(agent, req.identity, async (tx, identity) => {
    const opts = engineOptions(agent, identity);
    // All or nothing: every value is checked before anything is written.
    for (const [name, value] of Object.entries(req.prefs)) validatePref(name, value);
    await engine.setPrefs(tx, opts, req.prefs);
    if (req.unset?.length) {
      const utx = tx.user(identity.email);
      const stored = await utx.getPrefs();
      for (const name of req.unset) delete stored[name];
      await utx.setPrefs(stored);
      // Floating times are indexed in the user's zone: a zone back to its default re-indexes.
      if (req.unset.includes('TZID')) await utx.setBusyIndexState(undefined);
    }
    return engine.getPrefs(tx, opts);
  });
}
