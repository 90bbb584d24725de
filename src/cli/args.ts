// Command-line arguments of `imip-agent` — a public interface other programs rely on.
// Hand-written rather than node:util parseArgs: the grammar mixes a command word, positional
// files, repeatable --set and per-command required options, which parseArgs cannot check.

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `imip-agent COMMAND --store DIR --user ADDRESS [--role person|resource] [--now ISO-DATETIME]
                   [--set NAME=VALUE ...] [--calendar FILE.ics ...] [options]
  --calendar FILE.ics                    another calendar's events count as the user's busy time
                                         (repeatable; one event per UID, the store's copy wins)
  handle [FILE|-] [--outgoing]           process one RFC 5322 message (stdin with -)
  respond --uid UID [--recurrence-id ID] --partstat ACCEPTED|TENTATIVE|DECLINED [--comment TEXT]
          [--no-send]                    --no-send: record the answer, send nothing (action "recorded")
  counter --uid UID [--recurrence-id ID] --start ISO --end ISO [--comment TEXT]
  delegate --uid UID --to ADDRESS [--comment TEXT]
  refresh --uid UID
  invite FILE.ics | update FILE.ics [--attach PATH ...]
                                         as organiser: store and send REQUEST (and CANCEL) messages;
                                         --attach sends a file as a CID attachment (repeatable)
  cancel --uid UID [--recurrence-id ID]
  accept-counter --uid UID --from ADDRESS
  decline-counter --uid UID --from ADDRESS [--comment TEXT]
  request-freebusy --to ADDRESS[,ADDRESS] --start ISO --end ISO
  apply --id QUEUE-ID                    apply a message held because its sender is not verified
                                         (queue kind "unverified" in show --format json), as
                                         sent by the party it names
  show [--uid UID] [--format ics|json]   stored events as one VCALENDAR (default), or JSON with
                                         counters, queue and statuses
  freebusy --start ISO --end ISO         the user's busy time as a VCALENDAR with one VFREEBUSY
  attachments --uid UID [--recurrence-id ID] [--out DIR]
                                         an event's attachments as JSON; --out writes the stored
                                         ones into DIR under safe, unique names
  prefs                                  print the user's preferences
`;

type Spec = { required: string[]; optional: string[]; flags?: string[]; repeatable?: string[]; positional: 0 | 1 | '0-1' };

const COMMANDS: Record<string, Spec> = {
  handle: { required: [], optional: [], flags: ['outgoing'], positional: '0-1' },
  respond: { required: ['uid', 'partstat'], optional: ['recurrence-id', 'comment'], flags: ['no-send'], positional: 0 },
  counter: { required: ['uid', 'start', 'end'], optional: ['recurrence-id', 'comment'], positional: 0 },
  delegate: { required: ['uid', 'to'], optional: ['comment'], positional: 0 },
  refresh: { required: ['uid'], optional: [], positional: 0 },
  invite: { required: [], optional: [], repeatable: ['attach'], positional: 1 },
  update: { required: [], optional: [], repeatable: ['attach'], positional: 1 },
  cancel: { required: ['uid'], optional: ['recurrence-id'], positional: 0 },
  'accept-counter': { required: ['uid', 'from'], optional: ['recurrence-id'], positional: 0 },
  'decline-counter': { required: ['uid', 'from'], optional: ['recurrence-id', 'comment'], positional: 0 },
  'request-freebusy': { required: ['to', 'start', 'end'], optional: [], positional: 0 },
  apply: { required: ['id'], optional: [], positional: 0 },
  show: { required: [], optional: ['uid', 'format'], positional: 0 },
  freebusy: { required: ['start', 'end'], optional: [], positional: 0 },
  attachments: { required: ['uid'], optional: ['recurrence-id', 'out'], positional: 0 },
  prefs: { required: [], optional: [], positional: 0 },
};

const GLOBAL = ['store', 'user', 'role', 'now'];

export interface Args {
  command: string;
  store: string;
  user: string;
  role: 'person' | 'resource';
  now?: string;
  set: string[];
  /** Files given with --attach, in order. */
  attach: string[];
  /** Files given with --calendar: other calendars whose events count as busy. */
  calendars: string[];
  options: Record<string, string>;
  flags: Set<string>;
  positional: string[];
}

export function parseArgs(argv: string[]): Args | 'help' | 'version' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  if (argv.includes('--version')) return 'version';
  const [command, ...rest] = argv;
  if (!command) throw new UsageError('no command given');
  const spec = COMMANDS[command];
  if (!spec) throw new UsageError(`unknown command "${command}"`);
  const values: Record<string, string> = {};
  const set: string[] = [];
  const attach: string[] = [];
  const calendars: string[] = [];
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (!word.startsWith('--') || word === '-') {
      positional.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.slice(2, eq > 0 ? eq : undefined);
    if (spec.flags?.includes(name)) {
      flags.add(name);
      continue;
    }
    const repeatable = (spec.repeatable?.includes(name) ?? false) || name === 'calendar';
    if (name !== 'set' && !repeatable && !GLOBAL.includes(name) && !spec.required.includes(name) && !spec.optional.includes(name))
      throw new UsageError(`unknown option --${name} for ${command}`);
    const value = eq > 0 ? word.slice(eq + 1) : rest[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (name === 'set') set.push(value);
    else if (name === 'attach') {
      if (!value) throw new UsageError('--attach needs a file');
      attach.push(value);
    } else if (name === 'calendar') {
      if (!value) throw new UsageError('--calendar needs a file');
      calendars.push(value);
    } else if (name in values) throw new UsageError(`--${name} given twice`);
    else values[name] = value;
  }
  for (const name of ['store', 'user', ...spec.required]) if (!values[name]) throw new UsageError(`${command} needs --${name}`);
  const max = spec.positional === '0-1' ? 1 : spec.positional;
  if (positional.length > max) throw new UsageError(`${command} takes ${max ? 'one file' : 'no file'}, got ${positional.join(' ')}`);
  if (spec.positional === 1 && positional.length !== 1) throw new UsageError(`${command} needs a FILE.ics`);
  const role = values.role ?? 'person';
  if (role !== 'person' && role !== 'resource') throw new UsageError(`--role must be person or resource, not ${role}`);
  if (values.partstat && !['ACCEPTED', 'TENTATIVE', 'DECLINED'].includes(values.partstat.toUpperCase()))
    throw new UsageError(`--partstat must be ACCEPTED, TENTATIVE or DECLINED, not ${values.partstat}`);
  if (values.format && !['ics', 'json'].includes(values.format)) throw new UsageError(`--format must be ics or json, not ${values.format}`);
  for (const name of ['start', 'end'])
    if (values[name] !== undefined && !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(values[name]!))
      throw new UsageError(`--${name} is not an ISO 8601 date-time: ${values[name]}`);
  if (values.now !== undefined && Number.isNaN(Date.parse(values.now))) throw new UsageError(`--now is not an ISO date-time: ${values.now}`);
  const options: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (!GLOBAL.includes(k)) options[k] = v;
  if (values.out === '') throw new UsageError('--out needs a directory');
  return {
    command,
    store: values.store!,
    user: values.user!,
    role,
    ...(values.now ? { now: values.now } : {}),
    set,
    attach,
    calendars,
    options,
    flags,
    positional,
  };
}
