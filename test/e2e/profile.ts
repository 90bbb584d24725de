// A Thunderbird profile made from files only (see shared/thunderbird-facts.md): user.js with one
// IMAP account on the PREAUTH front end, the identities alice@example.test (a person) and
// room@example.test (a resource), the SMTP sink, quiet-start prefs, the add-on as a sideloaded
// xpi, and optionally OpenPGP keyrings plus the passphrase/key4.db pair of a first start.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const GECKO_ID = 'imip-agent@imip-agent.org';
export const ALICE = 'alice@example.test';
export const ROOM = 'room@example.test';

export interface ProfileOptions {
  imapPort: number;
  smtpPort: number;
  marionettePort: number;
  /** The built add-on; omitted for the OpenPGP first start. */
  xpi?: string;
  /** alice's OpenPGP key id (16 hex) when the keyrings are provisioned. */
  aliceKeyId?: string;
  /** Files from a first start (encrypted-openpgp-passphrase.txt, key4.db) to copy in. */
  openpgpSeed?: string;
  zone?: string;
  dark?: boolean;
  /** More prefs, written last (they win). */
  prefs?: Record<string, string | number | boolean>;
}

export function prefsFor(o: ProfileOptions): Record<string, string | number | boolean> {
  const p: Record<string, string | number | boolean> = {
    // accounts: account1 = IMAP for alice (two identities), account2 = Local Folders
    'mail.accountmanager.accounts': 'account1,account2',
    'mail.accountmanager.defaultaccount': 'account1',
    'mail.accountmanager.localfoldersserver': 'server2',
    'mail.account.account1.server': 'server1',
    'mail.account.account1.identities': 'id1,id2',
    'mail.account.account2.server': 'server2',
    'mail.server.server1.type': 'imap',
    'mail.server.server1.hostname': '127.0.0.1',
    'mail.server.server1.port': o.imapPort,
    'mail.server.server1.userName': 'alice',
    'mail.server.server1.name': 'alice@example.test',
    'mail.server.server1.socketType': 0,
    'mail.server.server1.authMethod': 1,
    'mail.server.server1.login_at_startup': true,
    'mail.server.server1.check_new_mail': true,
    'mail.server.server1.check_time': 1,
    'mail.server.server1.use_idle': true,
    'mail.server.server1.directory-rel': '[ProfD]ImapMail/127.0.0.1',
    'mail.server.server1.offline_download': false,
    'mail.server.server1.autosync_offline_stores': false,
    'mail.server.server2.type': 'none',
    'mail.server.server2.hostname': 'Local Folders',
    'mail.server.server2.userName': 'nobody',
    'mail.server.server2.name': 'Local Folders',
    'mail.server.server2.directory-rel': '[ProfD]Mail/Local Folders',
    'mail.identity.id1.fullName': 'Alice Example',
    'mail.identity.id1.useremail': ALICE,
    'mail.identity.id1.smtpServer': 'smtp1',
    'mail.identity.id1.valid': true,
    'mail.identity.id1.fcc': true,
    'mail.identity.id1.fcc_folder': 'imap://alice@127.0.0.1/Sent',
    'mail.identity.id1.compose_html': false,
    'mail.identity.id1.reply_on_top': 1,
    'mail.identity.id2.fullName': 'Room Pelikan',
    'mail.identity.id2.useremail': ROOM,
    'mail.identity.id2.smtpServer': 'smtp1',
    'mail.identity.id2.valid': true,
    'mail.identity.id2.fcc': false,
    'mail.identity.id2.compose_html': false,
    'mail.smtpservers': 'smtp1',
    'mail.smtp.defaultserver': 'smtp1',
    'mail.smtpserver.smtp1.type': 'smtp',
    'mail.smtpserver.smtp1.hostname': '127.0.0.1',
    'mail.smtpserver.smtp1.port': o.smtpPort,
    'mail.smtpserver.smtp1.authMethod': 1,
    'mail.smtpserver.smtp1.try_ssl': 0,
    'mail.smtpserver.smtp1.username': '',
    // quiet start: no dialogs, no network beyond 127.0.0.1
    'mail.provider.suppress_dialog_on_startup': true,
    'mail.shell.checkDefaultClient': false,
    'mailnews.start_page.enabled': false,
    'mail.rights.override': true,
    'mail.inappnotifications.enabled': false,
    'mail.inappnotifications.donation_enabled': false,
    'mail.inappnotifications.message_enabled': false,
    'mail.inappnotifications.blog_enabled': false,
    'mail.inappnotifications.security_enabled': false,
    'mail.inappnotifications.url': '',
    'mail.spotlight.firstRunDone': true,
    'mail.winsearch.firstRunDone': true,
    'mail.biff.show_alert': false,
    'mail.biff.play_sound': false,
    'mail.biff.use_system_alert': false,
    'mailnews.auto_config.fetchFromISP.enabled': false,
    'mailnews.auto_config.addons_url': '',
    'app.update.enabled': false,
    'app.update.auto': false,
    'app.update.staging.enabled': false,
    'app.update.checkInstallTime': false,
    'extensions.update.enabled': false,
    'extensions.update.autoUpdateDefault': false,
    'extensions.getAddons.cache.enabled': false,
    'extensions.systemAddon.update.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'datareporting.policy.firstRunURL': '',
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.unified': false,
    'toolkit.telemetry.server': '',
    'toolkit.startup.max_resumed_crashes': -1,
    'browser.shell.checkDefaultBrowser': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'services.settings.server': 'http://127.0.0.1:9/',
    'mail.cloud_files.enabled': false,
    'calendar.timezone.local': o.zone ?? 'Europe/Berlin',
    'calendar.timezone.useSystemTimezone': false,
    'calendar.integration.notify': false,
    // the add-on: sideloaded and enabled; its console.log on stdout (extension pages stay in the
    // extension process: with extensions.webextensions.remote false the popup never loads)
    'extensions.autoDisableScopes': 0,
    'extensions.enabledScopes': 15,
    'xpinstall.signatures.required': false,
    'devtools.console.stdout.content': true,
    'browser.dom.window.dump.enabled': true,
    'marionette.port': o.marionettePort,
    'ui.systemUsesDarkTheme': o.dark ? 1 : 0,
    'layout.css.prefers-color-scheme.content-override': o.dark ? 0 : 1,
    'intl.locale.requested': 'en-US',
    'intl.regional_prefs.use_os_locales': false,
    // An English UI with a 24-hour clock, as many European users have it: Thunderbird then
    // writes 16:00, and so must the add-on's pages (scenario 3 checks it).
    'intl.date_time.pattern_override.time_short': 'HH:mm',
  };
  if (o.aliceKeyId) {
    p['mail.identity.id1.openpgp_key_id'] = o.aliceKeyId;
    p['mail.identity.id1.e2etechpref'] = 0;
    p['mail.identity.id1.encryptionpolicy'] = 0;
    p['mail.identity.id1.sign_mail'] = false;
    p['mail.openpgp.allow_external_gnupg'] = false;
  }
  return { ...p, ...(o.prefs ?? {}) };
}

export function userJs(prefs: Record<string, string | number | boolean>): string {
  return (
    Object.entries(prefs)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
      .join('\n') + '\n'
  );
}

/** Writes (or refreshes) a profile folder; existing mail stores and databases are kept. */
export function writeProfile(dir: string, o: ProfileOptions): string {
  mkdirSync(join(dir, 'extensions'), { recursive: true });
  writeFileSync(join(dir, 'user.js'), userJs(prefsFor(o)));
  if (o.xpi) copyFileSync(o.xpi, join(dir, 'extensions', `${GECKO_ID}.xpi`));
  if (o.openpgpSeed) {
    for (const f of ['encrypted-openpgp-passphrase.txt', 'key4.db']) {
      const src = join(o.openpgpSeed, f);
      if (!existsSync(src)) throw new Error(`OpenPGP seed lacks ${f}`);
      if (!existsSync(join(dir, f))) copyFileSync(src, join(dir, f));
    }
  }
  return dir;
}
