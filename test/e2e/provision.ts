// The Debian packages the end-to-end stage needs. When one is missing and we run as root, they are
// installed (apt-get); otherwise the stage stops with the exact command to run. It never skips.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { THUNDERBIRD } from './thunderbird.js';

export const PACKAGES = ['thunderbird', 'dovecot-imapd', 'gnupg', 'chromium', 'xvfb', 'imagemagick', 'radicale'];
export const APT_LINE = `apt-get update && apt-get install -y ${PACKAGES.join(' ')}`;

/** What the stage runs, and the package that brings it. */
const NEEDS: [string, string][] = [
  [THUNDERBIRD, 'thunderbird'],
  ['/usr/sbin/dovecot', 'dovecot-imapd'],
  ['/usr/lib/dovecot/imap', 'dovecot-imapd'],
  ['/usr/bin/doveadm', 'dovecot-imapd'],
  ['/usr/bin/gpg', 'gnupg'],
  // The CalDAV server of the `caldav:` scenarios and `npm start`, run with Debian's Python.
  ['/usr/lib/python3/dist-packages/radicale/__init__.py', 'radicale'],
];

export function missing(): string[] {
  return [...new Set(NEEDS.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg))];
}

export function provision(): void {
  const absent = missing();
  if (!absent.length) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`the end-to-end stage needs ${absent.join(', ')}; install them with:\n  sudo ${APT_LINE}`);
  }
  console.log(`# installing ${absent.join(', ')} (running as root)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...PACKAGES]]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${r.status}); run: ${APT_LINE}`);
  }
  const still = missing();
  if (still.length) throw new Error(`still missing after apt-get: ${still.join(', ')}`);
}
