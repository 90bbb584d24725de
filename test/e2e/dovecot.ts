// Dovecot on 127.0.0.1 with its own configuration and maildir under a temporary directory, and a
// PREAUTH front end: a TCP server that runs dovecot's `imap` binary per connection for one fixed
// user, so the session starts `* PREAUTH` and Thunderbird never asks for a password (a modal
// prompt would block everything headless). `imap` refuses to run as root, hence uid/gid 8 (mail).
// Mail is put into folders with `doveadm save`, exactly as a delivery agent would.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { freePort, onCleanup, startProcess, stopProcess, until } from './procs.js';
import { existsSync } from 'node:fs';

const MAIL_UID = 8;
const MAIL_GID = 8;
const IMAP_BIN = '/usr/lib/dovecot/imap';

export interface Imap {
  /** The PREAUTH front end's port (what Thunderbird connects to). */
  port: number;
  user: string;
  conf: string;
  maildir: string;
  /** Stores one RFC 5322 message in a folder (`INBOX`, `Sent`…). */
  deliver(folder: string, raw: string): void;
  /** Removes every message from a folder. */
  expunge(folder: string): void;
  /** Number of messages in a folder. */
  count(folder: string): number;
  stop(): Promise<void>;
}

function config(dir: string, port: number): string {
  return `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = ${MAIL_UID}
first_valid_gid = ${MAIL_GID}
mail_uid = ${MAIL_UID}
mail_gid = ${MAIL_GID}
mail_location = maildir:${dir}/mail/%u
stats_writer_socket_path =
passdb {
  driver = static
  args = nopassword=y
}
userdb {
  driver = static
  args = uid=${MAIL_UID} gid=${MAIL_GID} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
}
service anvil {
  chroot =
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
}
`;
}

function doveadm(conf: string, args: string[], input?: string): string {
  const r = spawnSync('doveadm', ['-c', conf, ...args], { input, encoding: 'utf8', timeout: 15000 });
  if (r.status !== 0) throw new Error(`doveadm ${args.join(' ')} failed (${r.status}): ${r.stderr || r.error}`);
  return r.stdout;
}

/** Starts dovecot (for its auth and index services) and the PREAUTH front end for `user`. */
export async function startImap(dir: string, user = 'alice'): Promise<Imap> {
  for (const d of ['run', 'state', 'mail']) mkdirSync(join(dir, d), { recursive: true });
  chownSync(join(dir, 'mail'), MAIL_UID, MAIL_GID);
  // mkdtemp makes 0700 folders; the mail user must be able to pass through ours to its maildir.
  for (let d = dir; d.startsWith(tmpdir() + '/') && d !== tmpdir(); d = dirname(d)) chmodSync(d, statSync(d).mode | 0o711);
  const dovecotPort = await freePort();
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(conf, config(dir, dovecotPort));
  const master = startProcess('dovecot', ['-F', '-c', conf]);
  let masterErr = '';
  master.stderr?.on('data', (d) => (masterErr += d));
  await until('dovecot auth socket', 10000, () => {
    if (master.exitCode !== null) throw new Error(`dovecot exited ${master.exitCode}: ${masterErr}`);
    return existsSync(join(dir, 'run', 'auth-userdb'));
  });

  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const imap = spawn(IMAP_BIN, ['-c', conf, '-u', user], { uid: MAIL_UID, gid: MAIL_GID, stdio: ['pipe', 'pipe', 'pipe'] });
    imap.stdout.pipe(socket);
    socket.pipe(imap.stdin);
    imap.stdin.on('error', () => socket.destroy());
    socket.on('error', () => imap.kill('SIGTERM'));
    socket.on('close', () => {
      sockets.delete(socket);
      imap.kill('SIGTERM');
    });
    imap.on('exit', () => socket.end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;

  let stopped = false;
  const imap: Imap = {
    port,
    user,
    conf,
    maildir: join(dir, 'mail', user),
    deliver(folder, raw) {
      doveadm(conf, ['save', '-u', user, '-m', folder], raw.replace(/\r?\n/g, '\r\n'));
    },
    expunge(folder) {
      doveadm(conf, ['expunge', '-u', user, 'mailbox', folder, 'all']);
    },
    count(folder) {
      return doveadm(conf, ['search', '-u', user, 'mailbox', folder, 'all']).split('\n').filter(Boolean).length;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stopProcess(master);
    },
  };
  onCleanup(() => imap.stop());
  // Create the user's mailboxes now (auto = subscribe), so Sent exists before the first sync.
  doveadm(conf, ['mailbox', 'status', '-u', user, 'messages', 'INBOX']);
  return imap;
}
