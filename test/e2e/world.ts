// One scenario's world: IMAP (dovecot behind PREAUTH) and the SMTP sink on 127.0.0.1, a profile
// made from files, and Thunderbird started on it. `restart()` quits and starts again on the same
// profile; `close()` stops everything (also called on failure by the runner's cleanup). A world
// with calendars declares them in the profile; a CalDAV one gets its own Radicale server.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calendarPrefs, Calendars, type CalendarSpec } from './calendars.js';
import { startImap, type Imap } from './dovecot.js';
import { Gpg, type Key } from './gpg.js';
import { ALICE, writeProfile, type ProfileOptions } from './profile.js';
import { freePort, tempDir } from './procs.js';
import { startRadicale, type Radicale } from './radicale.js';
import { startSink, type Sink } from './smtp.js';
import { launch, type Thunderbird } from './thunderbird.js';
import { Ui } from './ui.js';

export interface Shared {
  xpi: string;
  gpg: Gpg;
  alice: Key;
  organizer: Key;
  /** A key alice does not hold (scenario 5). */
  stranger: Key;
  /** encrypted-openpgp-passphrase.txt + key4.db from a first start. */
  openpgpSeed: string;
  /** Where screenshots and failure artefacts go. */
  artifacts: string;
}

export interface WorldOptions {
  /** Provision alice's OpenPGP keys (pubring/secring) and which public keys she knows. */
  openpgp?: { knownPublic: string[] };
  dark?: boolean;
  prefs?: ProfileOptions['prefs'];
  zone?: string;
  /** Thunderbird calendars in the profile (a `caldav` one is served by Radicale). */
  calendars?: CalendarSpec[];
}

export class World {
  imap!: Imap;
  sink!: Sink;
  tb!: Thunderbird;
  ui!: Ui;
  /** Thunderbird's calendars, through Marionette. */
  cal!: Calendars;
  /** The CalDAV server, when a calendar of the world is `caldav`. */
  radicale?: Radicale;
  readonly dir: string;
  readonly profile: string;
  private marionettePort = 0;

  constructor(
    readonly name: string,
    readonly shared: Shared,
    readonly opts: WorldOptions = {},
  ) {
    this.dir = tempDir(name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40));
    this.profile = join(this.dir, 'profile');
    mkdirSync(this.profile, { recursive: true });
  }

  async startServers(): Promise<void> {
    this.imap = await startImap(join(this.dir, 'imap'));
    mkdirSync(join(this.dir, 'sink'), { recursive: true });
    this.sink = await startSink({ dir: join(this.dir, 'sink') });
    this.marionettePort = await freePort();
    const o = this.opts;
    if (o.calendars?.some((c) => c.type === 'caldav')) this.radicale = await startRadicale(join(this.dir, 'radicale'));
    const calendars = o.calendars ? calendarPrefs(o.calendars, this.radicale?.calendarUrl) : {};
    writeProfile(this.profile, {
      imapPort: this.imap.port,
      smtpPort: this.sink.port,
      marionettePort: this.marionettePort,
      xpi: this.shared.xpi,
      openpgpSeed: this.shared.openpgpSeed,
      aliceKeyId: o.openpgp ? this.shared.alice.keyId : undefined,
      dark: o.dark,
      zone: o.zone,
      prefs: { ...calendars, ...o.prefs },
    });
    if (o.openpgp) this.provisionKeys(o.openpgp.knownPublic, [ALICE]);
  }

  /** Writes alice's keyrings: the secret keys listed (with their public halves) and the public keys she knows. */
  provisionKeys(knownPublic: string[], secretOf: string[]): void {
    this.shared.gpg.writeKeyrings(this.profile, [...new Set([ALICE, ...knownPublic, ...secretOf])], secretOf);
  }

  async start(): Promise<void> {
    this.tb = await launch({
      profile: this.profile,
      marionettePort: this.marionettePort,
      home: join(this.dir, 'home'),
      logFile: join(this.dir, 'thunderbird.log'),
      zone: this.opts.zone,
    });
    this.ui = new Ui(this.tb.marionette);
    this.cal = new Calendars(this.ui);
    if (this.radicale) await this.cal.connect(this.opts.calendars ?? [], this.radicale.origin);
    if (this.opts.openpgp) await this.ui.acceptPersonalKey(this.shared.alice.fingerprint);
  }

  async restart(): Promise<void> {
    await this.tb.quit();
    await this.start();
  }

  /** Puts a message into a folder (as delivery would) and returns when it was put there. */
  deliver(folder: 'INBOX' | 'Sent' | string, raw: string): number {
    this.imap.deliver(folder, raw);
    return Date.now();
  }

  /** Saves a file next to the scenario's other artefacts (kept when the run fails). */
  artefact(name: string, data: Buffer | string): string {
    const p = join(this.shared.artifacts, name);
    writeFileSync(p, data);
    return p;
  }

  async close(): Promise<void> {
    if (this.tb) await this.tb.quit().catch(() => undefined);
    if (this.sink) await this.sink.stop();
    if (this.imap) await this.imap.stop();
    if (this.radicale) await this.radicale.stop();
  }

  /** Copies Thunderbird's log to the artefacts (on failure). */
  keepLog(): string | null {
    const log = join(this.dir, 'thunderbird.log');
    if (!existsSync(log)) return null;
    const dest = join(this.shared.artifacts, `${this.name.replace(/[^a-z0-9]+/gi, '-')}.thunderbird.log`);
    copyFileSync(log, dest);
    return dest;
  }
}
