// Once per run: provision, pack the add-on, make OpenPGP keys with gpg, and get the
// encrypted-openpgp-passphrase.txt/key4.db pair from one first start of Thunderbird (without that
// pair a profile with keyrings shows a blocking "OpenPGP corruption" dialog).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildXpi, ROOT } from './addon.js';
import { Gpg } from './gpg.js';
import { startImap } from './dovecot.js';
import { writeProfile } from './profile.js';
import { freePort, tempDir, until } from './procs.js';
import { provision } from './provision.js';
import { startSink } from './smtp.js';
import { launch } from './thunderbird.js';
import type { Shared } from './world.js';

export async function setupShared(opts: { artifacts?: string } = {}): Promise<Shared> {
  provision();
  const dir = tempDir('shared');
  const artifacts = opts.artifacts ?? join(ROOT, 'test-results/e2e');
  mkdirSync(artifacts, { recursive: true });
  const xpi = await buildXpi(join(dir, 'xpi'));

  const gpg = new Gpg(join(dir, 'gnupg'));
  const alice = gpg.generate('Alice Example', 'alice@example.test');
  const organizer = gpg.generate('Olga Organizer', 'organizer@example.com');
  const stranger = gpg.generate('Alice (old key)', 'alice-old@example.test');

  const openpgpSeed = join(dir, 'first-start');
  await firstStart(openpgpSeed, join(dir, 'first-start-servers'));
  return { xpi, gpg, alice, organizer, stranger, openpgpSeed, artifacts };
}

/**
 * Starts Thunderbird once on an empty profile in `profile` (no add-on) and quits, so that it
 * writes encrypted-openpgp-passphrase.txt and key4.db there.
 */
export async function firstStart(profile: string, scratch: string): Promise<void> {
  mkdirSync(profile, { recursive: true });
  const imap = await startImap(join(scratch, 'imap'));
  const sink = await startSink();
  const port = await freePort();
  writeProfile(profile, { imapPort: imap.port, smtpPort: sink.port, marionettePort: port });
  const tb = await launch({ profile, marionettePort: port, home: join(scratch, 'home') });
  try {
    await until(
      'Thunderbird to write its OpenPGP passphrase file',
      30000,
      () => existsSync(join(profile, 'encrypted-openpgp-passphrase.txt')) && existsSync(join(profile, 'key4.db')),
    );
  } finally {
    await tb.quit();
    await sink.stop();
    await imap.stop();
  }
}
