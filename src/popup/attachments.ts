// The event's attachments (RFC 5545 §3.8.1.1 ATTACH). Stored bytes download on request through
// `attachment.get`; links are shown as text and opened only by an explicit click, in the
// default browser — a stranger's URL is never loaded inside the popup.
import type { AttachmentView } from '../shared/protocol.js';
import { ext } from '../ui/browser.js';
import { h } from '../ui/dom.js';
import { formatSize } from '../ui/format.js';
import { t } from '../ui/i18n.js';
import { call } from '../ui/rpc.js';
import { exclusive } from './session.js';

function bytes(base64: string): Uint8Array {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A name that is safe as a download file name (no paths, no control characters). */
function safeName(name: string): string {
  const clean = name
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_')
    .replace(/^\.+/, '')
    .trim();
  return clean.slice(0, 200) || 'attachment';
}

async function download(identity: string, uid: string, a: AttachmentView): Promise<void> {
  const file = await call('attachment.get', { identity, uid, id: a.id! });
  const blob = new Blob([bytes(file.dataBase64) as BlobPart], { type: file.type || 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const filename = safeName(file.name || a.name);
  try {
    await ext.downloads.download({ url, filename, saveAs: true });
  } catch {
    // Without the downloads API (or its permission) the page's own download link does it.
    const link = h('a', { href: url, download: filename, hidden: true });
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  // The download has started by now; the URL is kept a little for the browser to read it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function attachmentList(identity: string, uid: string, attachments: AttachmentView[]): HTMLElement | null {
  if (!attachments.length) return null;
  const rows = attachments.map((a) => {
    const meta = [a.type, formatSize(a.size)].filter(Boolean).join(' · ');
    // Only web links are offered: javascript:, file: or data: from a stranger are never opened.
    const web = a.uri !== null && /^https?:\/\/[^\s]+$/i.test(a.uri);
    const action =
      a.uri && !web
        ? h('span', { class: 'muted note' }, t('popup_link_not_web'))
        : a.uri
          ? h(
              'button',
              {
                type: 'button',
                class: 'small',
                'data-action': 'open-link',
                'aria-label': t('popup_open_link_named', a.name || a.uri),
                onclick: () => void exclusive(async () => void (await ext.windows.openDefaultBrowser(a.uri!))),
              },
              t('popup_open_link'),
            )
          : a.id
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'small',
                  'data-action': 'download',
                  'aria-label': t('popup_download_named', a.name),
                  onclick: () => void exclusive(() => download(identity, uid, a)),
                },
                t('popup_download'),
              )
            : a.unavailable
              ? h('span', { class: 'muted note', 'data-unavailable': a.unavailable }, t(`popup_attachment_${a.unavailable}`))
              : null;
    return h(
      'li',
      { 'data-kind': a.uri ? 'link' : 'file' },
      h(
        'span',
        { class: 'file' },
        h('span', { class: 'name' }, a.name || a.uri || t('popup_attachment_unnamed')),
        a.uri ? h('span', { class: 'uri muted' }, a.uri) : null,
        meta ? h('span', { class: 'meta muted' }, meta) : null,
      ),
      action,
    );
  });
  return h('section', { class: 'attachments', 'aria-label': t('popup_attachments') }, h('h3', {}, t('popup_attachments')), h('ul', {}, ...rows));
}
