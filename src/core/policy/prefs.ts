// Preferences of the resource agent and of event limits, registered with the core's preference
// table so that `--set` and the options page check them like every other preference.

import { registerPreference } from '../prefs.js';
import { addressList, durationMs, parseAcl, parseAllowance, parseCountPer, parseGrid, parseQuotaLimits, parseWorkingHours, PolicyError } from './syntax.js';

export const SCHEDULING_FUNCTIONS = [
  'schedule_in_freebusy',
  'schedule_corrected_in_freebusy',
  'schedule_next_available_in_freebusy',
  'access_control_list',
  'same_domain_only',
  'check_quota',
  'schedule_for_delegate',
] as const;
export type SchedulingFunction = (typeof SCHEDULING_FUNCTIONS)[number];

const FREQS = ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];

/** `scheduling_function`: one per line, `name [argument]`. */
export function parseChain(text: string): { name: SchedulingFunction; arg?: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, arg, ...extra] = line.split(/\s+/);
      if (!(SCHEDULING_FUNCTIONS as readonly string[]).includes(name!))
        throw new PolicyError(`unknown scheduling function "${name}" (known: ${SCHEDULING_FUNCTIONS.join(', ')})`);
      if (extra.length) throw new PolicyError(`too many arguments for ${name}`);
      if (arg !== undefined && (name !== 'schedule_in_freebusy' || !/^[1-9]\d{0,3}$/.test(arg)))
        throw new PolicyError(`${name} takes ${name === 'schedule_in_freebusy' ? 'one positive number (capacity)' : 'no argument'}`);
      return { name: name as SchedulingFunction, ...(arg ? { arg } : {}) };
    });
}

const checked =
  (parse: (v: string) => unknown) =>
  (v: string): string | undefined => {
    try {
      parse(v);
      return undefined;
    } catch (e) {
      return e instanceof PolicyError ? `is invalid: ${e.message}` : 'is invalid';
    }
  };

registerPreference('scheduling_function', {
  check: checked(parseChain),
  default: 'schedule_in_freebusy',
  help: 'how a resource decides requests: functions, one per line, run in order',
});
registerPreference('permitted_times', { check: checked(parseGrid), help: 'grid of start and end times, HOURS:MINUTES (e.g. *:0,30)' });
registerPreference('working_hours', { check: checked(parseWorkingHours), help: 'when a resource may be booked, e.g. MO-FR 08:00-18:00' });
registerPreference('acl', { check: checked(parseAcl), help: 'access control list: default, then accept|decline organiser|attendee ADDRESS-or-@domain' });
registerPreference('delegates', { check: checked(addressList), help: 'resources to delegate to when this one is busy' });
registerPreference('quota', { check: checked(parseAllowance), help: 'booked time one organiser may hold, e.g. PT4H per P7D' });
registerPreference('quota_group', {
  check: (v) => (/^[\w.@-]{1,100}$/.test(v) ? undefined : 'must be a short name'),
  help: 'resources with the same group share one quota journal',
});
registerPreference('quota_limits', {
  check: checked(parseQuotaLimits),
  help: 'per-organiser allowances: ADDRESS-or-@domain DURATION per DURATION, * as default',
});
registerPreference('recurrence_conflicts', {
  check: (v) => (['decline', 'partial'].includes(v) ? undefined : 'must be decline or partial'),
  values: ['decline', 'partial'],
  default: 'decline',
  help: 'a series with a conflicting occurrence: decline it all, or decline only those occurrences',
});
registerPreference('indefinite_recurrence', {
  check: (v) => (['allow', 'decline'].includes(v) ? undefined : 'must be allow or decline'),
  values: ['allow', 'decline'],
  default: 'allow',
  help: 'series without COUNT or UNTIL',
});
registerPreference('permitted_frequencies', {
  check: (v) => (v.split(',').every((f) => FREQS.includes(f.trim().toUpperCase())) ? undefined : `must be a comma list of ${FREQS.join(', ')}`),
  help: 'RRULE frequencies allowed',
});
registerPreference('max_periods', { check: checked(parseCountPer), help: 'most occurrences of one event in any such interval, e.g. 4 per P1D' });
registerPreference('max_duration', { check: checked(durationMs), help: 'longest single occurrence, e.g. PT8H' });
registerPreference('max_horizon', { check: checked(durationMs), help: 'how far ahead a booking may reach, e.g. P1Y' });
