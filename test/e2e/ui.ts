// Driving Thunderbird's UI from Marionette chrome scripts, as a user would: select a message by its
// Message-ID, click the add-on's button in the message header, reach the popup's document, click
// the DOM hooks of docs/conventions, open the add-on's pages in tabs, and take PNGs of them.
//
// Extension pages run in the extension process (`extensions.webextensions.remote` must stay true:
// with it false the popup's <browser> never leaves about:blank on Thunderbird 153, see
// docs/E2E.md). Their DOM is reached with a frame script loaded into the page's <browser> through
// its message manager; the script evaluates one function against `content` and posts the result.
import type { Marionette } from './marionette.js';
import { GECKO_ID } from './profile.js';
import type { Backup } from '../../src/core/views/backup.js';

/** Shared prelude of every chrome script: the 3-pane window, tabmail, helpers. */
const PRELUDE = `
const win = Services.wm.getMostRecentWindow('mail:3pane');
if (!win) throw new Error('no mail:3pane window');
const tabmail = win.document.getElementById('tabmail');
const { MailServices } = ChromeUtils.importESModule('resource:///modules/MailServices.sys.mjs');
const wait = (ms) => new Promise((r) => win.setTimeout(r, ms));
async function until(what, ms, fn) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out after ' + ms + ' ms waiting for ' + what);
    await wait(50);
  }
}
function imapServer() {
  const a = MailServices.accounts.accounts.find((a) => a.incomingServer.type === 'imap');
  if (!a) throw new Error('no IMAP account');
  return a.incomingServer;
}
function folderByName(name) {
  const root = imapServer().rootFolder;
  const flags = { INBOX: Ci.nsMsgFolderFlags.Inbox, Sent: Ci.nsMsgFolderFlags.SentMail };
  return (flags[name] && root.getFolderWithFlags(flags[name])) || root.getChildNamed(name);
}
const POPUP_SELECTOR = 'panel.webextension-popup-panel browser.webextension-popup-browser';
function popupBrowser() {
  for (const b of win.document.querySelectorAll(POPUP_SELECTOR)) if (b.currentURI && b.currentURI.spec.startsWith('moz-extension:')) return b;
  return null;
}
function extensionBase() {
  const policy = WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)});
  if (!policy) throw new Error('the add-on is not running');
  return 'moz-extension://' + policy.mozExtensionHostname + '/';
}
function pageBrowser(path) {
  // Matched without the query: a page may rewrite its own URL (history.replaceState).
  const url = extensionBase() + path.split('?')[0];
  for (const t of tabmail.tabInfo) {
    const b = t.browser || (t.linkedBrowser);
    if (b && b.currentURI && b.currentURI.spec.startsWith(url)) return { tab: t, browser: b };
  }
  return null;
}
function inPage(browser, fnSrc, arg, ms = 15000) {
  return new Promise((resolve, reject) => {
    const id = Math.random().toString(36).slice(2);
    const mm = browser.messageManager;
    if (!mm) return reject(new Error('the page has no message manager'));
    const timer = win.setTimeout(() => { mm.removeMessageListener('imip-e2e:result', listener); reject(new Error('page script timed out after ' + ms + ' ms')); }, ms);
    const listener = (m) => {
      if (m.data.id !== id) return;
      win.clearTimeout(timer);
      mm.removeMessageListener('imip-e2e:result', listener);
      m.data.ok ? resolve(m.data.v) : reject(new Error('in page: ' + m.data.e));
    };
    mm.addMessageListener('imip-e2e:result', listener);
    const code = '(async () => { const arg = ' + JSON.stringify(arg) + '; return (' + fnSrc + ')(content, arg, content.document); })()' +
      '.then((v) => sendAsyncMessage("imip-e2e:result", { id: ' + JSON.stringify(id) + ', ok: true, v: v === undefined ? null : v }),' +
      ' (e) => sendAsyncMessage("imip-e2e:result", { id: ' + JSON.stringify(id) + ', ok: false, e: String(e && e.message || e) }));';
    mm.loadFrameScript('data:application/javascript;charset=utf-8,' + encodeURIComponent(code), false);
  });
}
const POPUP_MAX_HEIGHT = 600;
async function snapshot(browser, full) {
  // The size comes from the page itself: a headless popup panel may report a zero-sized browser,
  // and drawSnapshot(null, …) fails on the real popup with NS_ERROR_LOSS_OF_SIGNIFICANT_DATA.
  // The page's own background fills what drawSnapshot leaves empty (the scrollbar's strip).
  const size = await inPage(browser, '(w, a, d) => { const bg = (e) => w.getComputedStyle(e).backgroundColor; const c = [bg(d.body), bg(d.documentElement)].find((x) => x && x !== "rgba(0, 0, 0, 0)" && x !== "transparent"); return { w: Math.max(d.documentElement.scrollWidth, w.innerWidth), h: Math.max(d.documentElement.scrollHeight, w.innerHeight), vw: w.innerWidth, vh: w.innerHeight, bg: c || "white" }; }', null);
  // The popup as its panel shows it: its own width, and its height up to the 600 px a WebExtension
  // popup panel grows to (ext-browserAction's maximum; more scrolls); a tab as the user sees it.
  const width = Math.min(2000, Math.max(1, Math.ceil(full ? size.w : size.vw)));
  const height = Math.min(full ? POPUP_MAX_HEIGHT : 4000, Math.max(1, Math.ceil(full ? size.h : size.vh)));
  const bmp = await browser.browsingContext.currentWindowGlobal.drawSnapshot(new win.DOMRect(0, 0, width, height), 1, size.bg);
  const canvas = win.document.createElementNS('http://www.w3.org/1999/xhtml', 'canvas');
  canvas.width = bmp.width;
  canvas.height = bmp.height;
  canvas.getContext('2d').drawImage(bmp, 0, 0);
  return canvas.toDataURL('image/png').split(',')[1];
}
`;

/** Functions evaluated inside a page (frame script): `(window, arg, document) => value`. */
export type PageFn = string;

export class Ui {
  constructor(readonly m: Marionette) {}

  run<T>(body: string, args: unknown[] = [], ms = 30000): Promise<T> {
    return this.m.run<T>(PRELUDE + body, args, ms);
  }

  /** Waits until the IMAP account has listed its folders and the INBOX holds `atLeast` messages. */
  accountSynced(atLeast = 0, ms = 30000): Promise<{ folders: string[]; inbox: number }> {
    return this.run(
      `
      const [atLeast, ms] = args;
      return until('the IMAP account to sync', ms, () => {
        const server = imapServer();
        const folders = [...server.rootFolder.descendants].map((f) => f.name);
        const inbox = folderByName('INBOX');
        if (!inbox || !folders.includes('Sent')) { inbox && inbox.updateFolder(null); return null; }
        inbox.updateFolder(null);
        const n = inbox.getTotalMessages(false);
        return n >= atLeast ? { folders, inbox: n } : null;
      });`,
      [atLeast, ms],
      ms + 5000,
    );
  }

  /** Whether the add-on is installed and enabled (AddonManager). */
  addon(): Promise<{ id: string; version: string; isActive: boolean; userDisabled: boolean } | null> {
    return this.run(`
      const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
      const a = await AddonManager.getAddonByID(${JSON.stringify(GECKO_ID)});
      return a ? { id: a.id, version: a.version, isActive: a.isActive, userDisabled: a.userDisabled } : null;`);
  }

  /** Shows a folder in the 3-pane tab (as a user clicking it) and asks the server for its news. */
  showFolder(folder: string): Promise<void> {
    return this.run(
      `
      tabmail.switchToTab(0);
      const f = folderByName(args[0]);
      tabmail.currentAbout3Pane.displayFolder(f.URI);
      await wait(300);
      f.updateFolder(null);`,
      [folder],
    );
  }

  /** Shows a folder in the 3-pane tab and selects the message with this Message-ID (no brackets). */
  selectMessage(folder: string, messageId: string, ms = 20000): Promise<{ subject: string }> {
    return this.run(
      `
      const [folderName, messageId, ms] = args;
      tabmail.switchToTab(0);
      const about3Pane = tabmail.currentAbout3Pane;
      const folder = folderByName(folderName);
      about3Pane.displayFolder(folder.URI);
      const hdr = await until('message ' + messageId + ' in ' + folderName, ms, () => {
        folder.updateFolder(null);
        const db = folder.msgDatabase;
        return db && db.getMsgHdrForMessageID(messageId);
      });
      await until('the message list to show it', ms, () => {
        const view = about3Pane.gDBView;
        if (!view) return false;
        const i = view.findIndexOfMsgHdr(hdr, true);
        if (i < 0) return false;
        about3Pane.threadTree.selectedIndex = i;
        return true;
      });
      const aboutMessage = about3Pane.messageBrowser.contentWindow;
      await until('the message to be displayed', ms, () => aboutMessage.gMessage && aboutMessage.gMessage.messageId === messageId);
      return { subject: hdr.mime2DecodedSubject };`,
      [folder, messageId, ms],
      ms + 5000,
    );
  }

  /**
   * Clicks the add-on's message_display_action button in the message header (as a user would),
   * and waits until the popup's document has `readySelector`. Returns the time it took.
   */
  openPopup(readySelector = '.item, #status, #error', ms = 20000): Promise<{ ms: number; buttonEnabled: boolean }> {
    return this.run(
      `
      const [readySelector, ms] = args;
      const aboutMessage = tabmail.currentAbout3Pane.messageBrowser.contentWindow;
      const id = ${JSON.stringify(GECKO_ID.toLowerCase().replace(/[^a-z0-9_-]/g, '_'))} + '-messageDisplayAction-toolbarbutton';
      const button = await until('the add-on button in the message header', ms, () => aboutMessage.document.getElementById(id));
      // The add-on enables its button per tab once it has looked at the displayed message.
      const enabledBy = Date.now() + Math.min(ms, 10000);
      while (button.disabled && Date.now() < enabledBy) await wait(50);
      const buttonEnabled = !button.disabled;
      if (!buttonEnabled) throw new Error('the add-on button stays disabled on this message (its title: ' + button.getAttribute('tooltiptext') + ')');
      if (popupBrowser()) win.document.querySelector('panel.webextension-popup-panel').hidePopup();
      await until('the old popup to close', ms, () => !popupBrowser());
      // Right after a message is displayed the button may not react yet (the add-on is still
      // updating it for the new message): click again while no popup panel opened at all.
      const t0 = Date.now();
      const panelOpen = () => [...win.document.querySelectorAll('panel.webextension-popup-panel')].some((p) => p.state === 'open' || p.state === 'showing');
      let b = null;
      while (!b) {
        if (Date.now() - t0 > ms) throw new Error('timed out after ' + ms + ' ms waiting for the popup to load');
        if (!panelOpen()) button.click();
        const clicked = Date.now();
        while (!b && Date.now() - clicked < 1500) { await wait(50); b = popupBrowser(); }
        // A panel that opened but never loaded the page: close it and click again.
        if (!b) for (const p of win.document.querySelectorAll('panel.webextension-popup-panel')) p.hidePopup();
      }
      await until('the popup to render ' + readySelector, ms, () => inPage(b, '(w, sel, d) => !!d.querySelector(sel)', readySelector).catch(() => false));
      return { ms: Date.now() - t0, buttonEnabled };`,
      [readySelector, ms],
      ms + 5000,
    );
  }

  /** The popup panel's browser as the user sees it (its size on screen, CSS pixels). */
  popupSize(): Promise<{ width: number; height: number }> {
    return this.run(`
      const b = popupBrowser();
      if (!b) throw new Error('the popup is not open');
      const r = b.getBoundingClientRect();
      return { width: Math.round(r.width), height: Math.round(r.height) };`);
  }

  closePopup(): Promise<void> {
    return this.run(`const p = win.document.querySelector('panel.webextension-popup-panel'); if (p) p.hidePopup();`);
  }

  /** Evaluates `fn` inside the open popup. */
  inPopup<T>(fn: PageFn, arg: unknown = null, ms = 15000): Promise<T> {
    return this.run(
      `
      const [fn, arg, ms] = args;
      const b = popupBrowser();
      if (!b) throw new Error('the popup is not open');
      return inPage(b, fn, arg, ms);`,
      [fn, arg, ms],
      ms + 5000,
    );
  }

  /**
   * Evaluates `fn` inside the displayed message's document (the message pane of the 3-pane tab),
   * where the add-on's message bar (a scripting.messageDisplay script) draws itself.
   */
  inMessage<T>(fn: PageFn, arg: unknown = null, ms = 15000): Promise<T> {
    return this.run(
      `
      const [fn, arg, ms] = args;
      const aboutMessage = tabmail.currentAbout3Pane.messageBrowser.contentWindow;
      const b = typeof aboutMessage.getMessagePaneBrowser === 'function' ? aboutMessage.getMessagePaneBrowser() : aboutMessage.document.getElementById('messagepane');
      if (!b) throw new Error('no message pane');
      return inPage(b, fn, arg, ms);`,
      [fn, arg, ms],
      ms + 5000,
    );
  }

  /** A PNG of the message pane (the bar above the message). */
  async messageSnapshot(): Promise<Buffer> {
    const b64 = await this.run<string>(`
      const aboutMessage = tabmail.currentAbout3Pane.messageBrowser.contentWindow;
      const b = typeof aboutMessage.getMessagePaneBrowser === 'function' ? aboutMessage.getMessagePaneBrowser() : aboutMessage.document.getElementById('messagepane');
      return snapshot(b, false);`);
    return Buffer.from(b64, 'base64');
  }

  /** Opens (or switches to) an add-on page in a tab, waits for `readySelector`. */
  openPage(path: string, readySelector: string, ms = 20000): Promise<{ ms: number }> {
    return this.run(
      `
      const [path, readySelector, ms] = args;
      const t0 = Date.now();
      let found = pageBrowser(path);
      if (!found) {
        tabmail.openTab('contentTab', { url: extensionBase() + path });
      } else {
        tabmail.switchToTab(found.tab);
      }
      const b = await until('the page ' + path + ' to load', ms, () => { const f = pageBrowser(path); return f && f.browser; });
      await until(path + ' to render ' + readySelector, ms, () => inPage(b, '(w, sel, d) => !!d.querySelector(sel)', readySelector).catch(() => false));
      return { ms: Date.now() - t0 };`,
      [path, readySelector, ms],
      ms + 5000,
    );
  }

  closePage(path: string): Promise<void> {
    return this.run(`const f = pageBrowser(args[0]); if (f) tabmail.closeTab(f.tab);`, [path]);
  }

  /** Evaluates `fn` inside an open add-on page tab. */
  inPage<T>(path: string, fn: PageFn, arg: unknown = null, ms = 15000): Promise<T> {
    return this.run(
      `
      const [path, fn, arg, ms] = args;
      const f = pageBrowser(path);
      if (!f) throw new Error(path + ' is not open');
      return inPage(f.browser, fn, arg, ms);`,
      [path, fn, arg, ms],
      ms + 5000,
    );
  }

  /** A PNG of the popup's page or of an add-on page tab. */
  async snapshot(target: 'popup' | string): Promise<Buffer> {
    const b64 = await this.run<string>(
      `
      const b = args[0] === 'popup' ? popupBrowser() : (pageBrowser(args[0]) || {}).browser;
      if (!b) throw new Error(args[0] + ' is not open');
      return snapshot(b, args[0] === 'popup');`,
      [target],
    );
    return Buffer.from(b64, 'base64');
  }

  /** Resizes the main window (screenshots of page tabs). */
  resize(width: number, height: number): Promise<void> {
    return this.run(`win.resizeTo(args[0], args[1]); await wait(300);`, [width, height]);
  }

  /** The whole store, through the protocol's `backup.export` from an add-on page (manager). */
  async exportStore(): Promise<Backup> {
    await this.openPage('manager/index.html', 'body', 20000);
    const r = await this.inPage<string>(
      'manager/index.html',
      `async (w) => {
      const r = await w.wrappedJSObject.browser.runtime.sendMessage(Cu.cloneInto({ type: 'backup.export' }, w));
      return JSON.stringify(r);
    }`,
    );
    const reply = JSON.parse(r);
    if (!reply || !reply.ok) throw new Error(`backup.export failed: ${reply && reply.error}`);
    return JSON.parse(reply.value.json);
  }

  /** Sends one protocol request from an add-on page (the manager) and returns its value. */
  async request<T = any>(req: Record<string, unknown>): Promise<T> {
    await this.openPage('manager/index.html', 'body', 20000);
    const r = await this.inPage<string>(
      'manager/index.html',
      `async (w, req) => {
      const r = await w.wrappedJSObject.browser.runtime.sendMessage(Cu.cloneInto(req, w));
      return JSON.stringify(r);
    }`,
      req,
    );
    const reply = JSON.parse(r);
    if (!reply || !reply.ok) throw new Error(`${String(req['type'])} failed: ${reply && reply.error}`);
    return reply.value as T;
  }

  /**
   * Marks one of alice's own keys as her personal key, as the account settings do when a user
   * picks it: without that, Thunderbird decrypts with it but the identity's
   * encryptionCapabilities say it cannot encrypt.
   */
  acceptPersonalKey(fingerprint: string): Promise<void> {
    return this.run(
      `
      const { PgpSqliteDb2 } = ChromeUtils.importESModule('chrome://openpgp/content/modules/sqliteDb.sys.mjs');
      await PgpSqliteDb2.acceptAsPersonalKey(args[0]);`,
      [fingerprint],
    );
  }

  /** Records alice's acceptance of a correspondent's public key (Thunderbird will encrypt to it). */
  acceptKey(fingerprint: string, email: string): Promise<void> {
    return this.run(
      `
      const { PgpSqliteDb2 } = ChromeUtils.importESModule('chrome://openpgp/content/modules/sqliteDb.sys.mjs');
      await PgpSqliteDb2.updateAcceptance(args[0], [args[1]], 'unverified');`,
      [fingerprint, email],
    );
  }
}
