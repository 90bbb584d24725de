// `npm start`: the developer's loop. Starts the local servers (dovecot behind PREAUTH, the SMTP
// sink, Radicale for CalDAV) on 127.0.0.1, creates or refreshes the test profile in .profile/
// (alice@ and room@, OpenPGP keys made with gpg, a local calendar "Home" that receives alice's
// events and a CalDAV calendar "Team (CalDAV)" on Radicale), seeds the INBOX with sample
// invitations from every sender shape and Home with meetings that collide with them, and runs
// `web-ext run` on Thunderbird with live reload: a change under src/ is rebuilt and the add-on
// reloaded. What the add-on sends is printed here. Ctrl-C stops everything this started.
//   npm start                 Thunderbird in a window (needs DISPLAY)
//   npm start -- --headless   without a display (or: xvfb-run -a npm start)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ADDON_DIR } from './addon.js';
import { CALDAV, calendarPrefs, Calendars, LOCAL } from './calendars.js';
import { startImap } from './dovecot.js';
import { Gpg } from './gpg.js';
import { Marionette } from './marionette.js';
import { readScheduling } from './mime.js';
import { cleanupAll, cleanupOnSignals, freePort, startProcess, tempDir } from './procs.js';
import { ALICE, GECKO_ID, writeProfile } from './profile.js';
import { provision } from './provision.js';
import { startRadicale } from './radicale.js';
import { calendarSamples, samples, type Sample } from './samples.js';
import { firstStart } from './setup.js';
import { startSink } from './smtp.js';
import { THUNDERBIRD } from './thunderbird.js';
import { Ui } from './ui.js';

const PROFILE = join(ROOT, '.profile');
const GNUPG = join(PROFILE, 'imip-e2e-gnupg');
const STAMP = join(ROOT, '.profile-build-stamp');
const headless = process.argv.includes('--headless');

if (!headless && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
  console.error(`There is no display (DISPLAY is not set). Run Thunderbird without one:
  npm start -- --headless      (Thunderbird headless; drive it from the SMTP output here)
  xvfb-run -a npm start        (a virtual X display; apt-get install -y xvfb)`);
  process.exit(2);
}

cleanupOnSignals();
provision();

const servers = tempDir('start');
const imap = await startImap(join(servers, 'imap'));
const sentDir = join(servers, 'sent');
mkdirSync(sentDir, { recursive: true });
const sink = await startSink({
  dir: sentDir,
  onMessage(m) {
    const s = readScheduling(m.raw);
    const ev = s.events[0];
    console.log(`\n[smtp] ${m.from} → ${m.to.join(', ')}: ${s.subject}`);
    if (s.calendar) console.log(`[smtp]   ${s.calendar.headers.get('content-type')}; METHOD:${s.method} UID:${ev?.uid} SEQUENCE:${ev?.sequence}`);
    for (const a of ev?.attendees ?? []) console.log(`[smtp]   ATTENDEE ${a.value} ${a.params['PARTSTAT'] ?? ''}`);
    for (const c of ev?.comments ?? []) console.log(`[smtp]   COMMENT ${c}`);
    if (!s.calendar) console.log(`[smtp]   ${s.root.type} (${m.raw.length} bytes)`);
  },
});

const radicale = await startRadicale(join(servers, 'radicale'));
// Home schedules for alice (her accepted events go there); the CalDAV calendar counts as busy.
const CALENDARS = [LOCAL, { ...CALDAV, identityKey: undefined }];

// The profile: refreshed prefs (new ports each run), keys made once, the first-start files.
const fresh = !existsSync(join(PROFILE, 'prefs.js'));
mkdirSync(PROFILE, { recursive: true });
const gpg = new Gpg(GNUPG);
let aliceKey;
try {
  aliceKey = { keyId: gpg.fingerprint(ALICE).slice(-16) };
} catch {
  aliceKey = gpg.generate('Alice Example', ALICE);
  gpg.generate('Olga Organizer', 'organizer@example.com');
}
let openpgpSeed: string | undefined;
if (!existsSync(join(PROFILE, 'encrypted-openpgp-passphrase.txt'))) {
  openpgpSeed = join(servers, 'first-start');
  await firstStart(openpgpSeed, join(servers, 'first-start-servers'));
}
const marionettePort = await freePort();
// Sent is checked like the INBOX (as a user who shares Sent with other programs sets it): alice's
// own sample REQUEST lies there and must be recorded before Bob's COUNTER arrives.
writeProfile(PROFILE, {
  imapPort: imap.port,
  smtpPort: sink.port,
  marionettePort,
  aliceKeyId: aliceKey.keyId,
  openpgpSeed,
  zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  prefs: { ...calendarPrefs(CALENDARS, radicale.calendarUrl), 'mail.server.server1.check_all_folders_for_new': true },
});
gpg.writeKeyrings(PROFILE, [ALICE, 'organizer@example.com'], [ALICE]);
// web-ext installs the add-on itself (temporarily, reloadable): no sideloaded copy may shadow it.
rmSync(join(PROFILE, 'extensions', `${GECKO_ID}.xpi`), { force: true });

console.log(`# ${fresh ? 'created' : 'refreshed'} ${PROFILE}`);
console.log(`# IMAP 127.0.0.1:${imap.port} (PREAUTH as alice), SMTP sink 127.0.0.1:${sink.port}, CalDAV ${radicale.calendarUrl}`);
// A sample that must meet a stored event (the COUNTER to alice's own event) waits until the
// add-on logged the message it follows as processed.
const later: Sample[] = [];
for (const sample of samples(gpg)) {
  if (sample.after) {
    later.push(sample);
    continue;
  }
  imap.deliver(sample.folder ?? 'INBOX', sample.mail.raw);
  console.log(`# seeded: ${sample.label} <${sample.mail.messageId}> in ${sample.folder ?? 'INBOX'}`);
}
// A profile refreshed the same day has handled the first one before and logs nothing for it: the
// rest goes in after a while all the same (it was handled then too).
const LATER_FALLBACK_MS = 90_000;
setTimeout(() => {
  for (const id of new Set(later.map((x) => x.after!))) deliverFollowing(id);
}, LATER_FALLBACK_MS).unref();
function deliverFollowing(processedId: string): void {
  for (const sample of later.filter((x) => x.after === processedId)) {
    later.splice(later.indexOf(sample), 1);
    imap.deliver(sample.folder ?? 'INBOX', sample.mail.raw);
    console.log(`# seeded: ${sample.label} <${sample.mail.messageId}> (after <${processedId}> was processed)`);
  }
}

// Live reload: rebuild on changes under src/ and _locales/, then touch the stamp web-ext watches.
writeFileSync(STAMP, String(Date.now()));
let timer: NodeJS.Timeout | undefined;
const rebuild = () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status === 0) {
    writeFileSync(STAMP, String(Date.now()));
    console.log('# rebuilt; web-ext reloads the add-on');
  } else console.error(`# build failed:\n${r.stdout}${r.stderr}`);
};
for (const dir of ['src', '_locales', 'manifest.json']) {
  watch(join(ROOT, dir), { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(rebuild, 300);
  });
}

const args = [
  join(ROOT, 'node_modules/web-ext/bin/web-ext.js'),
  'run',
  `--firefox=${THUNDERBIRD}`,
  `--firefox-profile=${PROFILE}`,
  '--keep-profile-changes',
  `--source-dir=${ADDON_DIR}`,
  `--watch-file=${STAMP}`,
  '--no-config-discovery',
  // Marionette, once at start: the CalDAV login and the calendar samples (see below).
  '--arg=--marionette',
  '--arg=--remote-allow-system-access',
  ...(headless ? ['--arg=--headless'] : []),
  // web-ext passes Thunderbird's stdout on only as debug output: with it, the add-on's
  // `imip-agent: …` lines are picked out below and printed; the rest of the debug output is not.
  '--verbose',
];
console.log(`# web-ext ${args.slice(1).join(' ')}`);
console.log('# Ctrl-C stops Thunderbird, the servers and the watcher.');
const webExt = startProcess(process.execPath, args, {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NO_UPDATE_NOTIFIER: '1', TZ: process.env['TZ'] ?? Intl.DateTimeFormat().resolvedOptions().timeZone },
});
let pending = '';
webExt.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const at = line.indexOf('imip-agent: ');
    if (at >= 0) {
      const event = line.slice(at).trim();
      console.log(event);
      const processed = /^imip-agent: processed (\{.*\})$/.exec(event);
      if (processed) deliverFollowing(String((JSON.parse(processed[1]!) as { messageId?: unknown }).messageId ?? ''));
    } else if (!/\[debug\]/.test(line)) console.log(line);
  }
});
// The CalDAV calendar starts disabled (Radicale asks an anonymous client for a login, a prompt):
// store a login, enable it, and put alice's own meetings into Home. Then let Marionette go.
try {
  const marionette = await Marionette.open(marionettePort, 120000);
  const calendars = new Calendars(new Ui(marionette));
  await calendars.connect(CALENDARS, radicale.origin);
  const own = calendarSamples();
  await calendars.seed(
    LOCAL.id,
    own.map((o) => o.ics),
    true,
  );
  for (const o of own) console.log(`# in the calendar Home: ${o.label}`);
  marionette.destroy();
} catch (e) {
  console.error(`# calendars not set up: ${(e as Error).message}`);
}
await new Promise<void>((resolve) => webExt.once('exit', () => resolve()));
console.log('# web-ext ended');
await cleanupAll();
rmSync(STAMP, { force: true });
process.exit(0);
