// A typed fake of the part of Thunderbird the background uses (src/thunderbird/api.ts `Tb`):
// folders, messages with getFull trees made from real sender shapes (test/fixtures/mail via
// tb-tree.ts), encrypted messages that decrypt or fail, identities with encryption capabilities,
// and a record of everything the add-on did: compose windows and their sending, Experiment
// sends, the message toolbar button per tab, notifications, alarms, tabs, storage.
import { readFileSync } from 'node:fs';
import type { Tb, MessageHeader, MailFolder, MailIdentity, MessagePart } from '../../src/thunderbird/api.js';
import { tbTree, type TbTreeAttachment } from './tb-tree.js';

const FIXTURES = new URL('../fixtures/mail/', import.meta.url);
export const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'latin1');

const LOCALE = JSON.parse(readFileSync(new URL('../../_locales/en/messages.json', import.meta.url), 'utf8')) as Record<string, { message: string }>;

export const FOLDERS: Record<string, MailFolder> = {
  inbox: { id: 'account1://INBOX', accountId: 'account1', path: '/INBOX', name: 'Inbox', specialUse: ['inbox'] },
  sent: { id: 'account1://Sent', accountId: 'account1', path: '/Sent', name: 'Sent', specialUse: ['sent'] },
  junk: { id: 'account1://Junk', accountId: 'account1', path: '/Junk', name: 'Junk', specialUse: ['junk'] },
  trash: { id: 'account1://Trash', accountId: 'account1', path: '/Trash', name: 'Trash', specialUse: ['trash'] },
  drafts: { id: 'account1://Drafts', accountId: 'account1', path: '/Drafts', name: 'Drafts', specialUse: ['drafts'] },
  templates: { id: 'account1://Templates', accountId: 'account1', path: '/Templates', name: 'Templates', specialUse: ['templates'] },
  archive: { id: 'account1://Archive', accountId: 'account1', path: '/Archive', name: 'Archive', specialUse: ['archives'] },
};

export interface FakeMessage {
  header: MessageHeader;
  root: MessagePart;
  attachments: TbTreeAttachment[];
  /** none: plain; success: decrypts with the profile's key; fail: no key (parts omitted). */
  decryption: 'none' | 'success' | 'fail';
  technology: 'OpenPGP' | 'S/MIME';
  /** getFull throws (a message Thunderbird cannot read). */
  broken?: boolean;
  /** The message as received, for getRaw (its header section is what the add-on reads). */
  raw: string;
}

export interface ActionState {
  enabled: boolean;
  badge: string;
  title: string | null;
  color?: string;
}

const capabilities = (pgp: boolean, smime: boolean) => ({ OpenPGP: { canEncrypt: pgp, canSign: pgp }, 'S/MIME': { canEncrypt: smime, canSign: smime } });

export class FakeThunderbird {
  messages = new Map<number, FakeMessage>();
  identities: MailIdentity[] = [
    { id: 'id1', accountId: 'account1', email: 'Alice@Example.test', name: 'Alice Example', encryptionCapabilities: capabilities(true, false) },
    { id: 'id2', accountId: 'account1', email: 'room@example.test', name: 'Room 1', encryptionCapabilities: capabilities(false, false) },
    { id: 'id3', accountId: 'account2', email: 'bob@example.test', name: 'Bob', encryptionCapabilities: capabilities(false, false) },
  ];
  /** What imipSend.getRegionalFormat answers (Thunderbird's regional locale and clock). */
  regionalFormat = { locale: 'en-GB', hour12: false };
  /** imipSend.sendRaw calls, in order. */
  sentRaw: { identityId: string; raw: string }[] = [];
  /** compose.beginNew details and compose.sendMessage calls. */
  composed: {
    tabId: number;
    identityId: string | undefined;
    details: messenger.compose.ComposeDetails;
    attachments: { name: string; type: string; text: string }[];
  }[] = [];
  composeSent: { tabId: number; options: unknown }[] = [];
  /** Makes the next sends fail (or hang, to simulate a crash mid-send). */
  sendRawBehaviour: 'ok' | 'fail' | 'hang' = 'ok';
  /** Called when sendRaw is entered (a test waits for it instead of for time). */
  onSendRaw: (() => void) | null = null;
  composeSendFails: string | null = null;
  /** Makes compose.sendMessage never settle (a compose window stopped on a prompt nobody sees). */
  composeSendHangs = false;
  /** Called when compose.sendMessage is entered. */
  onComposeSend: (() => void) | null = null;
  tabsRemoved: number[] = [];
  /** Recipients without a valid, accepted OpenPGP key (imipSend.openpgpMissingKeys). */
  openpgpMissing: string[] = [];
  action = new Map<number | 'global', ActionState>();
  notifications: { id: string; title: string; message: string }[] = [];
  alarms = new Map<string, { when?: number; periodInMinutes?: number }>();
  storage = new Map<string, unknown>();
  tabsCreated: string[] = [];
  optionsOpened = 0;
  notices: unknown[] = [];
  menus: unknown[] = [];
  scripts: messenger.scripting.messageDisplay.MessageDisplayScript[] = [];
  showImipBar = true;
  displayed = new Map<number, number>();
  queryPageSize = 2;
  private nextId = 1;
  private nextTab = 100;

  /** Delivers a raw message into a folder, as Thunderbird would store and list it. */
  add(
    raw: string,
    folder: keyof typeof FOLDERS | MailFolder,
    o: { decryption?: 'success' | 'fail'; technology?: 'OpenPGP' | 'S/MIME'; junk?: boolean; broken?: boolean } = {},
  ): MessageHeader {
    const { root, attachments, headers } = tbTree(raw);
    const id = this.nextId++;
    const h = (n: string) => headers[n]?.[0] ?? '';
    const header: MessageHeader = {
      id,
      author: h('from'),
      bccList: [],
      ccList: h('cc') ? [h('cc')] : [],
      recipients: h('to') ? [h('to')] : [],
      date: new Date(h('date') || '2025-07-01T08:00:00Z'),
      external: false,
      flagged: false,
      folder: typeof folder === 'string' ? FOLDERS[folder] : folder,
      headerMessageId: h('message-id').replace(/^\s*<|>\s*$/g, ''),
      headersOnly: false,
      junk: o.junk ?? false,
      junkScore: o.junk ? 100 : 0,
      new: true,
      size: raw.length,
      subject: h('subject'),
      tags: [],
    };
    this.messages.set(id, {
      header,
      root: root as MessagePart,
      attachments,
      decryption: o.decryption ?? 'none',
      technology: o.technology ?? 'OpenPGP',
      raw,
      ...(o.broken ? { broken: true } : {}),
    });
    return header;
  }

  /** The key became available (or the primary password was entered). */
  makeDecryptable(id: number): void {
    this.messages.get(id)!.decryption = 'success';
  }

  display(tabId: number, id: number | null): void {
    if (id === null) this.displayed.delete(tabId);
    else this.displayed.set(tabId, id);
  }

  private msg(id: number): FakeMessage {
    const m = this.messages.get(id);
    if (!m) throw new Error(`Message not found: ${id}.`);
    return m;
  }

  private state(tabId: number | undefined): ActionState {
    const key = tabId ?? 'global';
    let s = this.action.get(key);
    if (!s) this.action.set(key, (s = { enabled: true, badge: '', title: null }));
    return s;
  }

  private page(headers: MessageHeader[]): messenger.messages.MessageList {
    const size = this.queryPageSize;
    const first = headers.slice(0, size);
    const rest = headers.slice(size);
    if (!rest.length) return { messages: first };
    const listId = `list-${this.nextTab++}`;
    this.lists.set(listId, rest);
    return { id: listId, messages: first };
  }
  private lists = new Map<string, MessageHeader[]>();

  tb(): Tb {
    const self = this;
    return {
      messages: {
        async get(id) {
          return self.msg(id).header;
        },
        async getFull(id, options) {
          const m = self.msg(id);
          if (m.broken) throw new Error('Error reading message');
          const decrypt = options?.decrypt ?? true;
          if (m.decryption === 'none') return structuredClone({ ...m.root, decryptionStatus: 'none' as const });
          if (!decrypt) {
            const protocol =
              m.technology === 'OpenPGP'
                ? 'multipart/encrypted; protocol="application/pgp-encrypted"; boundary="x"'
                : 'application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"';
            return {
              contentType: 'message/rfc822',
              partName: '',
              headers: m.root.headers,
              parts: [{ contentType: protocol.split(';')[0], partName: '1', headers: { 'content-type': [protocol] } }],
              decryptionStatus: 'skipped',
            };
          }
          if (m.decryption === 'fail') return { contentType: 'message/rfc822', partName: '', headers: m.root.headers, decryptionStatus: 'fail' };
          return structuredClone({ ...m.root, decryptionStatus: 'success' as const });
        },
        async getRaw(id, options) {
          const m = self.msg(id);
          if (m.broken) throw new Error('Error reading message');
          if (options?.data_format !== 'File') throw new Error('the fake serves getRaw as a File only');
          const bytes = Uint8Array.from(m.raw, (c) => c.charCodeAt(0) & 0xff);
          return new File([bytes], 'message.eml', { type: 'message/rfc822' });
        },
        async listAttachments(id) {
          const m = self.msg(id);
          if (m.decryption === 'fail') return [];
          return m.attachments.map((a) => ({ contentType: a.contentType, name: a.name, partName: a.partName, size: a.size, headers: a.headers }));
        },
        async getAttachmentFile(id, partName) {
          const a = self.msg(id).attachments.find((x) => x.partName === partName);
          if (!a) throw new Error(`no part ${partName}`);
          return new File([new Uint8Array(a.bytes)], a.name || 'attachment', { type: a.contentType.split(';')[0]! });
        },
        async listInlineTextParts(id) {
          const m = self.msg(id);
          if (m.decryption === 'fail') return [];
          const out: messenger.messages.InlineTextPart[] = [];
          const walk = (p: MessagePart) => {
            if (typeof p.body === 'string' && (p.contentType ?? '').startsWith('text/')) out.push({ contentType: p.contentType!, content: p.body });
            for (const c of p.parts ?? []) walk(c);
          };
          walk(m.root);
          return out;
        },
        async query(info) {
          const all = [...self.messages.values()].map((m) => m.header);
          const from = info?.fromDate ? new Date(info.fromDate as Date).getTime() : -Infinity;
          return self.page(all.filter((h) => (h.date as Date).getTime() >= from && (!info?.headerMessageId || h.headerMessageId === info.headerMessageId)));
        },
        async continueList(listId) {
          const rest = self.lists.get(listId) ?? [];
          self.lists.delete(listId);
          return self.page(rest);
        },
      },
      accounts: {
        async list() {
          return [];
        },
      },
      identities: {
        async list() {
          return structuredClone(self.identities);
        },
      },
      compose: {
        async beginNew(a?: unknown, b?: messenger.compose.ComposeDetails) {
          const details = (typeof a === 'number' ? b : a) as messenger.compose.ComposeDetails;
          // Thunderbird 153's schema check, as measured: OpenPGP needs encryptSubject, S/MIME refuses it.
          const enc = details.selectedEncryptionTechnology as { name?: string; encryptSubject?: unknown } | undefined;
          if (enc && (enc.name === 'OpenPGP' ? typeof enc.encryptSubject !== 'boolean' : enc.name !== 'S/MIME' || 'encryptSubject' in enc)) {
            throw new Error('Type error for parameter details (Error processing selectedEncryptionTechnology) for compose.beginNew.');
          }
          const tabId = self.nextTab++;
          const attachments = [];
          for (const x of (details.attachments ?? []) as { file: File }[])
            attachments.push({ name: x.file.name, type: x.file.type, text: await x.file.text() });
          self.composed.push({ tabId, identityId: details.identityId, details, attachments });
          return { id: tabId, index: 0, highlighted: false, active: true } as messenger.tabs.Tab;
        },
        async sendMessage(tabId, options) {
          self.onComposeSend?.();
          if (self.composeSendHangs) return new Promise<never>(() => undefined);
          if (self.composeSendFails) throw new Error(self.composeSendFails);
          self.composeSent.push({ tabId, options });
          return { mode: 'sendNow', messages: [] } as unknown as Awaited<ReturnType<typeof messenger.compose.sendMessage>>;
        },
      } as Tb['compose'],
      messageDisplay: {
        // MV3's shape: a MessageList.
        async getDisplayedMessages(tabId) {
          const id = self.displayed.get(tabId);
          return { messages: id === undefined ? [] : [self.msg(id).header] };
        },
      },
      messageDisplayAction: {
        async enable(tabId) {
          self.state(tabId).enabled = true;
        },
        async disable(tabId) {
          self.state(tabId).enabled = false;
        },
        async setBadgeText(d) {
          self.state(d.tabId).badge = d.text ?? '';
        },
        async setBadgeBackgroundColor(d) {
          self.state(d.tabId).color = String(d.color);
        },
        async setTitle(d) {
          self.state(d.tabId).title = d.title ?? null;
        },
      },
      notifications: {
        async create(a: unknown, b?: unknown) {
          const id = typeof a === 'string' ? a : `n${self.notifications.length}`;
          const o = (typeof a === 'string' ? b : a) as { title: string; message: string };
          self.notifications.push({ id, title: o.title, message: o.message });
          return id;
        },
      } as Tb['notifications'],
      alarms: {
        async create(name, info) {
          self.alarms.set(name, info);
        },
        async clear(name) {
          return self.alarms.delete(name);
        },
        async getAll() {
          return [...self.alarms].map(([name, i]) => ({
            name,
            scheduledTime: i.when ?? 0,
            ...(i.periodInMinutes ? { periodInMinutes: i.periodInMinutes } : {}),
          }));
        },
      },
      storage: {
        local: {
          async get(keys?: unknown) {
            const wanted = typeof keys === 'string' ? [keys] : Array.isArray(keys) ? keys : [...self.storage.keys()];
            return Object.fromEntries(wanted.filter((k) => self.storage.has(k)).map((k) => [k, structuredClone(self.storage.get(k))]));
          },
          async set(items: Record<string, unknown>) {
            for (const [k, v] of Object.entries(items)) self.storage.set(k, structuredClone(v));
          },
        } as Tb['storage']['local'],
      },
      tabs: {
        async create(p) {
          self.tabsCreated.push(p.url ?? '');
          return { id: self.nextTab++, index: 0, highlighted: false, active: true } as messenger.tabs.Tab;
        },
        async remove(tabIds) {
          self.tabsRemoved.push(...(Array.isArray(tabIds) ? tabIds : [tabIds]));
        },
      },
      runtime: {
        async openOptionsPage() {
          self.optionsOpened++;
        },
        getURL(path: string) {
          return `moz-extension://imip-agent/${path}`;
        },
        async sendMessage(message: unknown) {
          self.notices.push(message);
          throw new Error('Could not establish connection. Receiving end does not exist.');
        },
      },
      menus: {
        create(p: unknown) {
          self.menus.push(p);
          return 'menu';
        },
      } as Tb['menus'],
      i18n: {
        getMessage(name: string, subs?: unknown) {
          const m = LOCALE[name]?.message ?? '';
          const list = (Array.isArray(subs) ? subs : subs === undefined ? [] : [subs]).map(String);
          return m.replace(/\$(\d)/g, (_, n: string) => list[Number(n) - 1] ?? '');
        },
      },
      scripting: {
        messageDisplay: {
          async registerScripts(scripts) {
            self.scripts.push(...scripts);
          },
          async unregisterScripts(filter) {
            self.scripts = self.scripts.filter((s) => !(filter?.ids ?? [s.id]).includes(s.id));
          },
          async getRegisteredScripts(filter) {
            // As measured on Thunderbird 153: an id filter naming an unregistered script throws.
            const missing = filter?.ids?.find((id) => !self.scripts.some((s) => s.id === id));
            if (missing) throw new Error(`The messageDisplayScript with id "${missing}" does not exist.`);
            return self.scripts.filter((s) => !filter?.ids || filter.ids.includes(s.id));
          },
        },
      },
      imipSend: {
        sendRaw(identityId, raw) {
          self.sentRaw.push({ identityId, raw });
          self.onSendRaw?.();
          if (self.sendRawBehaviour === 'hang') return new Promise<void>(() => undefined);
          if (self.sendRawBehaviour === 'fail') return Promise.reject(new Error('imipSend: sending failed (status 0x80553118)'));
          return Promise.resolve();
        },
        async openpgpMissingKeys(addresses) {
          return addresses.filter((a) => self.openpgpMissing.includes(a.toLowerCase()));
        },
        async getShowImipBar() {
          return self.showImipBar;
        },
        async setShowImipBar(show) {
          self.showImipBar = show;
        },
        async getRegionalFormat() {
          return self.regionalFormat;
        },
      },
    };
  }
}
