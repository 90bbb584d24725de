// Files in and out of the page: downloads through a Blob and `<a download>` (no extra
// permission needed), uploads read as text or base64.
import { h } from '../ui/dom.js';

export function download(filename: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = h('a', { href: url, download: filename, class: 'visually-hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: the download may start after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  // In chunks: String.fromCharCode(...bytes) overflows the stack on large files.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** A modal confirmation (a `<dialog>`; keyboard: Tab between buttons, Escape cancels). */
export function confirmDialog(message: string, confirmLabel: string, cancelLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-modal': 'true' });
    const done = (v: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(v);
    };
    dialog.append(
      h('p', {}, message),
      h(
        'div',
        { class: 'row end' },
        h('button', { type: 'button', 'data-action': 'confirm-cancel', onclick: () => done(false) }, cancelLabel),
        h('button', { type: 'button', class: 'primary danger-fill', 'data-action': 'confirm-ok', onclick: () => done(true) }, confirmLabel),
      ),
    );
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector<HTMLButtonElement>('[data-action=confirm-cancel]')!.focus();
  });
}
