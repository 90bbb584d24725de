/* The one Experiment API of imip-agent, and the only code of the add-on that runs privileged (in
 * Thunderbird's parent process). Plain JavaScript: Thunderbird loads it as it is.
 *
 * Why it exists (measured on Thunderbird 153; the README says the
 * same): the compose API and messages.sendMessage keep only the part of an attachment's type
 * before the first ";", so `text/calendar; method=REPLY` leaves as `text/calendar; charset=UTF-8;
 * name="invite.ics"`. Outlook and Google act on a reply or a cancellation only when `method=` is on
 * the Content-Type (RFC 6047 §2.4). Thunderbird's own calendar sends iMIP mail by handing a complete
 * message file to nsIMsgSend.sendMessageFile; this does the same with the message the engine
 * rendered (src/core/mime/render.ts), so it goes out byte for byte, window-less, on 128, 140 and 153.
 *
 * It also reads and sets `calendar.itip.showImipBar`, so the user can choose in the options page
 * whether Thunderbird's own invitation bar shows next to this add-on.
 *
 * Nothing here decides anything: the background script decides what to send and when.
 */
'use strict';

/* global ChromeUtils, Components, Services, IOUtils, Cc, Ci */

var { ExtensionCommon } = ChromeUtils.importESModule('resource://gre/modules/ExtensionCommon.sys.mjs');
var { ExtensionUtils } = ChromeUtils.importESModule('resource://gre/modules/ExtensionUtils.sys.mjs');
var { MailServices } = ChromeUtils.importESModule('resource:///modules/MailServices.sys.mjs');
var { ExtensionError } = ExtensionUtils;

const SHOW_IMIP_BAR = 'calendar.itip.showImipBar';

function findIdentity(identityId) {
  for (const account of MailServices.accounts.accounts) {
    for (const identity of account.identities) {
      if (identity.key === identityId) return { account, identity };
    }
  }
  return null;
}

/** The unfolded value of the first header `name` in the message's header block. */
function headerValue(raw, name) {
  const end = raw.search(/\r?\n\r?\n/);
  const block = (end < 0 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const wanted = name.toLowerCase() + ':';
  for (const line of block.split(/\r?\n/)) {
    if (line.toLowerCase().startsWith(wanted)) return line.slice(wanted.length).trim();
  }
  return '';
}

/** Sends `raw` from the identity through nsIMsgSend.sendMessageFile; resolves once it is accepted. */
async function sendRaw(identityId, raw) {
  const found = findIdentity(identityId);
  if (!found) throw new ExtensionError(`imipSend: no identity ${identityId}`);
  if (typeof raw !== 'string' || !raw.length) throw new ExtensionError('imipSend: empty message');
  // The renderer writes ASCII only (base64 bodies, RFC 2047 headers): refuse anything else
  // rather than let a charset conversion change bytes of a signed or folded calendar.
  if (/[^\x00-\x7f]/.test(raw)) throw new ExtensionError('imipSend: the message is not 7-bit ASCII');
  const to = headerValue(raw, 'To');
  if (!to) throw new ExtensionError('imipSend: the message has no To header');

  const fields = Cc['@mozilla.org/messengercompose/composefields;1'].createInstance(Ci.nsIMsgCompFields);
  fields.from = found.identity.email;
  fields.to = to;
  const cc = headerValue(raw, 'Cc');
  if (cc) fields.cc = cc;
  fields.subject = headerValue(raw, 'Subject');

  const file = Services.dirsvc.get('TmpD', Ci.nsIFile);
  file.append('imip-agent.eml');
  file.createUnique(Ci.nsIFile.NORMAL_FILE_TYPE, 0o600);
  await IOUtils.writeUTF8(file.path, raw);

  await new Promise((resolve, reject) => {
    const listener = {
      QueryInterface: ChromeUtils.generateQI(['nsIMsgSendListener']),
      onStartSending() {},
      onProgress() {},
      onStatus() {},
      onGetDraftFolderURI() {},
      onSendNotPerformed(msgId, status) {
        reject(new ExtensionError(`imipSend: not sent (status 0x${(status >>> 0).toString(16)})`));
      },
      onTransportSecurityError(msgId, status) {
        reject(new ExtensionError(`imipSend: transport security error (status 0x${(status >>> 0).toString(16)})`));
      },
      onStopSending(msgId, status, msg) {
        if (Components.isSuccessCode(status)) resolve();
        else reject(new ExtensionError(`imipSend: sending failed (status 0x${(status >>> 0).toString(16)})${msg ? ': ' + msg : ''}`));
      },
    };
    try {
      const send = Cc['@mozilla.org/messengercompose/send;1'].createInstance(Ci.nsIMsgSend);
      // deleteAfter = true: Thunderbird removes the temporary file once it is done.
      send.sendMessageFile(found.identity, found.account.key, fields, file, true, false, Ci.nsIMsgSend.nsMsgDeliverNow, null, listener, '');
    } catch (e) {
      try {
        file.remove(false);
      } catch (_) {
        // already gone
      }
      reject(new ExtensionError(`imipSend: ${e && e.message ? e.message : String(e)}`));
    }
  });
}

this.imipSend = class extends ExtensionCommon.ExtensionAPI {
  getAPI() {
    return {
      imipSend: {
        async sendRaw(identityId, raw) {
          try {
            await sendRaw(identityId, raw);
          } catch (e) {
            // Anything else than an ExtensionError reaches the add-on as "An unexpected error
            // occurred": hand the real reason over, so the outbox record and the log show it.
            if (e instanceof ExtensionError) throw e;
            throw new ExtensionError(`imipSend: ${e && e.message ? e.message : String(e)}`);
          }
        },

        async openpgpMissingKeys(addresses) {
          // Compose does not refuse to encrypt to a recipient without an accepted key: it opens
          // its Key Assistant, a dialog nobody sees headless, and sendMessage never settles
          // (docs/E2E.md). The same lookup compose makes, asked first, lets the add-on hold the
          // answer for consent at once instead.
          const { EnigmailKeyRing } = ChromeUtils.importESModule('chrome://openpgp/content/modules/keyRing.sys.mjs');
          const emails = addresses.map((a) => (/<([^<>]+)>\s*$/.exec(a)?.[1] ?? a).trim().toLowerCase()).filter((a) => a.includes('@'));
          const details = {};
          await EnigmailKeyRing.getValidKeysForAllRecipients(emails, details);
          return [...new Set((details.errArray || []).map((e) => e.addr))];
        },

        async getShowImipBar() {
          return Services.prefs.getBoolPref(SHOW_IMIP_BAR, true);
        },

        async setShowImipBar(show) {
          Services.prefs.setBoolPref(SHOW_IMIP_BAR, !!show);
        },

        // The calendar writes times with Services.intl's formatter, which follows the regional
        // preferences (OS locale when intl.regional_prefs.use_os_locales, and the pattern
        // overrides intl.date_time.pattern_override.*); an extension page's Intl follows only the
        // UI language. So the pages ask here: the first regional locale, and whether a short
        // time, formatted the way the calendar does, carries AM/PM.
        async getRegionalFormat() {
          const locale = Services.locale.regionalPrefsLocales[0] || Services.locale.appLocaleAsBCP47;
          const formatter = new Services.intl.DateTimeFormat(undefined, { timeStyle: 'short' });
          const hour12 = formatter.formatToParts(new Date(2000, 0, 1, 13, 0)).some((p) => p.type === 'dayPeriod');
          return { locale: String(locale), hour12 };
        },
      },
    };
  }
};
