// A small Marionette client (ours): the wire protocol is length-prefixed JSON, `LEN:JSON`, with
// commands `[0, id, name, params]` and answers `[1, id, error, result]`. Every call has a timeout
// (a modal dialog makes the server block), and scripts run in the chrome context, where
// Thunderbird's windows, tabs and services are reachable.
import { connect, type Socket } from 'node:net';
import { sleep } from './procs.js';

export class MarionetteError extends Error {}

export class Marionette {
  private socket!: Socket;
  private buf = Buffer.alloc(0);
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private greeting?: (v: unknown) => void;
  closed = false;

  private constructor(readonly port: number) {}

  /** Connects (retrying while Thunderbird starts), and opens a session in the chrome context. */
  static async open(port: number, ms = 30000): Promise<Marionette> {
    const end = Date.now() + ms;
    let last: unknown;
    while (Date.now() < end) {
      const m = new Marionette(port);
      try {
        await m.connect(Math.max(1000, end - Date.now()));
        await m.send('WebDriver:NewSession', { capabilities: { alwaysMatch: { 'moz:accessibilityChecks': false } } }, Math.max(1000, end - Date.now()));
        await m.send('Marionette:SetContext', { value: 'chrome' });
        await m.send('WebDriver:SetTimeouts', { script: 60000 });
        return m;
      } catch (e) {
        last = e;
        m.destroy();
        await sleep(250);
      }
    }
    throw new MarionetteError(`Marionette on port ${port} not reachable within ${ms} ms: ${String(last)}`);
  }

  private connect(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new MarionetteError('no Marionette greeting')), ms);
      this.greeting = () => {
        clearTimeout(timer);
        resolve();
      };
      this.socket = connect(this.port, '127.0.0.1');
      this.socket.on('data', (d) => this.onData(d));
      this.socket.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
        this.failAll(e);
      });
      this.socket.on('close', () => {
        this.closed = true;
        this.failAll(new MarionetteError('Marionette connection closed'));
      });
    });
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const colon = this.buf.indexOf(0x3a);
      if (colon < 0) return;
      const len = Number(this.buf.subarray(0, colon).toString());
      if (this.buf.length < colon + 1 + len) return;
      const packet = JSON.parse(this.buf.subarray(colon + 1, colon + 1 + len).toString('utf8'));
      this.buf = this.buf.subarray(colon + 1 + len);
      if (!Array.isArray(packet)) {
        this.greeting?.(packet);
        this.greeting = undefined;
        continue;
      }
      const [, id, error, result] = packet as [number, number, { error: string; message: string; stacktrace?: string } | null, unknown];
      const p = this.pending.get(id);
      if (!p) continue;
      this.pending.delete(id);
      if (error) p.reject(new MarionetteError(`${error.error}: ${error.message}`));
      else p.resolve(result);
    }
  }

  send(name: string, params: Record<string, unknown> = {}, ms = 30000): Promise<any> {
    if (this.closed) return Promise.reject(new MarionetteError('Marionette connection closed'));
    const id = this.nextId++;
    const body = Buffer.from(JSON.stringify([0, id, name, params]), 'utf8');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new MarionetteError(`timed out after ${ms} ms: ${name}`));
      }, ms);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.socket.write(`${body.length}:`);
      this.socket.write(body);
    });
  }

  /**
   * Runs an async chrome-context script. `body` sees `args` (JSON) and may `await`; its return
   * value (JSON-serialisable) is the result.
   */
  async run<T = unknown>(body: string, args: unknown[] = [], ms = 30000): Promise<T> {
    const script = `const [__args, __done] = [arguments[0], arguments[arguments.length - 1]];
      (async (args) => { ${body} })(__args).then((v) => __done({ ok: true, v: v === undefined ? null : v }),
        (e) => __done({ ok: false, e: String(e && e.stack ? e.message + '\\n' + e.stack : e) }));`;
    const r = await this.send('WebDriver:ExecuteAsyncScript', { script, args: [args], scriptTimeout: ms, sandbox: 'system' }, ms + 5000);
    const v = r.value as { ok: boolean; v?: T; e?: string };
    if (!v || !v.ok) throw new MarionetteError(`chrome script failed: ${v?.e ?? JSON.stringify(r)}`);
    return v.v as T;
  }

  /** A PNG of the current chrome window, or of one element when `element` is a web element reference. */
  async screenshot(element?: unknown): Promise<Buffer> {
    const r = await this.send('WebDriver:TakeScreenshot', element ? { id: element, full: false, hash: false } : { full: false, hash: false }, 30000);
    return Buffer.from(r.value as string, 'base64');
  }

  /** Asks Thunderbird to quit (like File › Quit) and waits for the connection to close. */
  async quit(ms = 20000): Promise<void> {
    try {
      await this.send('Marionette:Quit', { flags: ['eAttemptQuit'] }, ms);
    } catch (e) {
      if (!this.closed) throw e;
    }
    this.destroy();
  }

  destroy(): void {
    this.closed = true;
    this.socket?.destroy();
  }
}
