// OpenPGP material made with gpg in the test: keys with an empty passphrase in a scratch homedir,
// keyrings exported for Thunderbird's RNP (pubring.gpg / secring.gpg in the profile), and PGP/MIME
// encryption of a whole message (RFC 3156: multipart/encrypted with application/pgp-encrypted).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Key {
  email: string;
  /** The primary key's 16-hex id (what `mail.identity.idN.openpgp_key_id` takes). */
  keyId: string;
  fingerprint: string;
}

export class Gpg {
  constructor(readonly home: string) {
    mkdirSync(home, { recursive: true, mode: 0o700 });
  }

  private run(args: string[], input?: string | Buffer): Buffer {
    const r = spawnSync('gpg', ['--homedir', this.home, '--batch', '--yes', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], {
      input,
      timeout: 60000,
      env: { ...process.env, GNUPGHOME: this.home },
    });
    if (r.status !== 0) throw new Error(`gpg ${args.join(' ')} failed (${r.status}): ${r.stderr?.toString()}`);
    return r.stdout;
  }

  /** An ed25519 signing key with a cv25519 encryption subkey, no passphrase, no expiry. */
  generate(name: string, email: string): Key {
    this.run(['--quick-generate-key', `${name} <${email}>`, 'ed25519', 'sign,cert', 'never']);
    const fingerprint = this.fingerprint(email);
    this.run(['--quick-add-key', fingerprint, 'cv25519', 'encr', 'never']);
    return { email, fingerprint, keyId: fingerprint.slice(-16) };
  }

  fingerprint(email: string): string {
    const out = this.run(['--with-colons', '--fingerprint', `<${email}>`]).toString();
    const fpr = out.split('\n').find((l) => l.startsWith('fpr:'));
    if (!fpr) throw new Error(`no key for ${email}`);
    return fpr.split(':')[9]!;
  }

  exportPublic(emails: string[]): Buffer {
    return this.run(['--export', ...emails.map((e) => `<${e}>`)]);
  }

  exportSecret(emails: string[]): Buffer {
    return this.run(['--export-secret-keys', ...emails.map((e) => `<${e}>`)]);
  }

  /** Encrypts (ASCII-armoured) to the given recipients. */
  encrypt(data: string, to: string[]): string {
    return this.run(['--armor', '--trust-model', 'always', '--encrypt', ...to.flatMap((t) => ['--recipient', `<${t}>`])], data).toString();
  }

  /** Writes the keyrings Thunderbird reads from a profile. */
  writeKeyrings(profile: string, publicOf: string[], secretOf: string[]): void {
    writeFileSync(join(profile, 'pubring.gpg'), this.exportPublic(publicOf));
    writeFileSync(join(profile, 'secring.gpg'), secretOf.length ? this.exportSecret(secretOf) : Buffer.alloc(0));
  }
}

/**
 * Wraps a complete message as PGP/MIME: the outer headers (From, To, Subject, Date, Message-ID…)
 * stay in clear, the inner MIME entity (Content-Type and body) is encrypted (RFC 3156 §4).
 */
export function pgpMime(gpg: Gpg, raw: string, to: string[]): string {
  const norm = raw.replace(/\r?\n/g, '\r\n');
  const split = norm.indexOf('\r\n\r\n');
  const headerLines = norm.slice(0, split).split(/\r\n(?![ \t])/);
  const body = norm.slice(split + 4);
  const isContent = (l: string) => /^(content-|mime-version:)/i.test(l);
  const inner = headerLines.filter((l) => /^content-/i.test(l)).join('\r\n') + '\r\n\r\n' + body;
  const outer = headerLines.filter((l) => !isContent(l));
  const boundary = `pgp-${Math.random().toString(36).slice(2)}`;
  return [
    ...outer,
    'MIME-Version: 1.0',
    `Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="${boundary}"`,
    '',
    'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)',
    `--${boundary}`,
    'Content-Type: application/pgp-encrypted',
    'Content-Description: PGP/MIME version identification',
    '',
    'Version: 1',
    '',
    `--${boundary}`,
    'Content-Type: application/octet-stream; name="encrypted.asc"',
    'Content-Description: OpenPGP encrypted message',
    'Content-Disposition: inline; filename="encrypted.asc"',
    '',
    gpg.encrypt(inner, to).replace(/\r?\n/g, '\r\n'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
