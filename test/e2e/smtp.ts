// An SMTP sink on 127.0.0.1 (npm smtp-server): accepts every message without authentication,
// records it with its envelope (and writes it to a file when a directory is given), and lets a
// scenario wait for the next message matching a predicate.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { onCleanup, until } from './procs.js';

export interface SinkMessage {
  from: string;
  to: string[];
  raw: string;
  at: number;
}

export interface Sink {
  port: number;
  messages: SinkMessage[];
  /** Waits until at least `count` messages satisfy `match`; returns them. */
  waitFor(what: string, match: (m: SinkMessage) => boolean, ms?: number, count?: number): Promise<SinkMessage[]>;
  stop(): Promise<void>;
}

export async function startSink(opts: { dir?: string; onMessage?: (m: SinkMessage) => void } = {}): Promise<Sink> {
  const messages: SinkMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    banner: 'imip-agent test sink',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const m: SinkMessage = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        };
        messages.push(m);
        if (opts.dir) writeFileSync(join(opts.dir, `sent-${String(messages.length).padStart(3, '0')}.eml`), m.raw);
        opts.onMessage?.(m);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  let stopped = false;
  const sink: Sink = {
    port,
    messages,
    waitFor(what, match, ms = 20000, count = 1) {
      return until(`SMTP sink: ${what}`, ms, () => {
        const hits = messages.filter(match);
        return hits.length >= count ? hits : undefined;
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  onCleanup(() => sink.stop());
  return sink;
}
