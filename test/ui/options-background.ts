// A fake background for the options page tests: it answers the protocol like the real one
// would, with the core's own preference table and checks (src/core/prefs.ts and the resource
// agent's registrations), and records every request so tests can assert the exact calls.
import { PREFERENCES, validatePref, PrefError } from '../../src/core/prefs.js';
import '../../src/core/policy/prefs.js';
import type { CalendarOption, CalendarSettings, GlobalSettings, IdentityInfo, IdentitySettings, PrefMeta, Request } from '../../src/shared/protocol.js';

const RESOURCE = new Set([
  'scheduling_function',
  'permitted_times',
  'working_hours',
  'acl',
  'delegates',
  'quota',
  'quota_group',
  'quota_limits',
  'recurrence_conflicts',
  'indefinite_recurrence',
  'permitted_frequencies',
  'max_periods',
  'max_duration',
  'max_horizon',
]);

/** The enumeration a check accepts, read from its refusal ("must be one of a, b" / "must be a or b"). */
function valuesOf(name: string): string[] | null {
  const problem = PREFERENCES[name]!.check('\u0000not-a-value');
  const m = problem && (/must be one of (.+)$/.exec(problem) ?? /must be (\w+) or (\w+)$/.exec(problem));
  if (!m) return null;
  return m[2] ? [m[1]!, m[2]] : m[1]!.split(', ');
}

export function prefMeta(): PrefMeta[] {
  return Object.entries(PREFERENCES).map(([name, def]) => ({
    name,
    help: def.help,
    default: def.default ?? null,
    values: valuesOf(name),
    group: RESOURCE.has(name) ? 'resource' : 'engine',
  }));
}

export interface FakeState {
  identities: IdentityInfo[];
  settings: Record<string, IdentitySettings>;
  prefs: Record<string, Record<string, string>>;
  global: GlobalSettings;
  systemZone: string;
  requests: Request[];
  /** Request types that fail with this error text. */
  failing: Record<string, string>;
  /** Changes the preference table the background reports (a preference the core may gain). */
  patchMeta?: (meta: PrefMeta[]) => PrefMeta[];
  /** Thunderbird's calendars (null: they cannot be read) and each identity's calendar settings. */
  calendars: Omit<CalendarOption, 'forIdentity'>[] | null;
  calendarIdentity: Record<string, string>;
  calendarSettings: Record<string, CalendarSettings>;
}

export function fakeState(): FakeState {
  return {
    identities: [
      { id: 'id1', accountId: 'account1', email: 'alice@example.test', name: 'Alice Example', role: 'person' },
      { id: 'id2', accountId: 'account1', email: 'room101@example.test', name: 'Room 101', role: 'resource' },
    ],
    settings: {
      'alice@example.test': { role: 'person', autoAnswers: true, notifyInvitations: true, notifyCounters: true, reminders: false },
      'room101@example.test': { role: 'resource', autoAnswers: true, notifyInvitations: false, notifyCounters: false, reminders: false },
    },
    prefs: {
      'alice@example.test': { freebusy_sharing: 'share', CN: 'Alice Example' },
      'room101@example.test': { scheduling_function: 'access_control_list\nschedule_in_freebusy 2', acl: 'decline\naccept organiser @example.test' },
    },
    global: { banner: true, showImipBar: true },
    systemZone: 'Europe/Berlin',
    requests: [],
    failing: {},
    calendars: [
      { id: 'cal-home', name: 'Home', type: 'storage', color: '#3366cc', readOnly: false, disabled: false },
      { id: 'cal-work', name: 'Work (CalDAV)', type: 'caldav', color: '#cc3333', readOnly: false, disabled: false },
      { id: 'cal-holidays', name: 'Holidays', type: 'ics', color: null, readOnly: true, disabled: false },
      { id: 'cal-old', name: 'Old', type: 'storage', color: null, readOnly: false, disabled: true },
    ],
    calendarIdentity: { 'cal-work': 'alice@example.test' },
    calendarSettings: {},
  };
}

/** The background's answer to calendars.get/set, with the target resolved as it resolves it. */
function calendarView(state: FakeState, identity: string) {
  const settings = state.calendarSettings[identity] ?? { target: { kind: 'auto' }, busy: null, onCancel: 'mark', onDecline: 'keep' };
  const calendars = (state.calendars ?? []).map((c) => ({ ...c, forIdentity: state.calendarIdentity[c.id] === identity }));
  const writable = calendars.filter((c) => !c.disabled && !c.readOnly);
  const t = settings.target;
  const writesTo =
    t.kind === 'none'
      ? null
      : t.kind === 'calendar' && writable.some((c) => c.id === t.id)
        ? t.id
        : ((writable.find((c) => c.forIdentity) ?? writable[0])?.id ?? null);
  return { settings, available: state.calendars !== null, calendars, writesTo: state.calendars ? writesTo : null };
}

function meta(state: FakeState): PrefMeta[] {
  return state.patchMeta ? state.patchMeta(prefMeta()) : prefMeta();
}

function effective(state: FakeState, identity: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of meta(state)) if (m.default !== null) out[m.name] = m.default;
  out['TZID'] = state.systemZone;
  return { ...out, ...state.prefs[identity] };
}

/** The `api` of test/ui/harness.ts: `runtime.sendMessage` is the protocol, the rest is empty. */
export function background(state: FakeState) {
  return (path: string, args: unknown[]): unknown => {
    if (path !== 'runtime.sendMessage') return undefined;
    const req = args[0] as Request;
    state.requests.push(req);
    if (state.failing[req.type]) return { ok: false, error: state.failing[req.type] };
    const ok = (value: unknown) => ({ ok: true, value });
    switch (req.type) {
      case 'identities.list':
        return ok(state.identities);
      case 'settings.get':
        return ok(state.settings[req.identity]);
      case 'settings.set':
        state.settings[req.identity] = req.settings;
        return ok(req.settings);
      case 'calendars.get':
        return ok(calendarView(state, req.identity));
      case 'calendars.set':
        state.calendarSettings[req.identity] = req.settings;
        return ok(calendarView(state, req.identity));
      case 'global.get':
        return ok(state.global);
      case 'global.set':
        state.global = req.settings;
        return ok(state.global);
      case 'prefs.get':
        return ok({ effective: effective(state, req.identity), stored: { ...state.prefs[req.identity] }, meta: meta(state), systemZone: state.systemZone });
      case 'prefs.set': {
        // All or nothing: every value is checked before anything is written.
        try {
          for (const [name, value] of Object.entries(req.prefs)) validatePref(name, value);
        } catch (e) {
          if (e instanceof PrefError) return { ok: false, error: e.message };
          throw e;
        }
        const next = { ...state.prefs[req.identity], ...req.prefs };
        for (const name of req.unset ?? []) delete next[name];
        state.prefs[req.identity] = next;
        return ok(next);
      }
      case 'open.manager':
        return ok({});
      default:
        return { ok: false, error: `not handled in this test: ${req.type}` };
    }
  };
}
