// Import and export (`[data-action=import|export|export-ifb|backup|restore]`): .ics in and out,
// free/busy as .ifb, and a backup of the whole store that a restore replaces it with.
import { DateTime } from 'luxon';
import type { Address } from '../shared/protocol.js';
import { h, replace } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { call } from '../ui/rpc.js';
import { confirmDialog, download } from './files.js';

/** How far ahead the exported free/busy reaches (RFC 5545 §3.6.4 wants a range; people share weeks). */
export const IFB_WEEKS = 8;
/** The largest file read for import or restore: the background refuses larger ones anyway. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

export interface TransferOptions {
  root: HTMLElement;
  identity(): Address;
  zone(): string;
  onImported(): void;
  onError(e: unknown): void;
}

export function wireTransfer(o: TransferOptions): void {
  const result = o.root.querySelector<HTMLElement>('#transfer-result')!;
  const importFile = o.root.querySelector<HTMLInputElement>('input[name=import-file]')!;
  const restoreFile = o.root.querySelector<HTMLInputElement>('input[name=restore-file]')!;
  const show = (...nodes: (Node | string)[]) => replace(result, ...nodes);
  const guard = (fn: () => Promise<void>) => async () => {
    try {
      await fn();
    } catch (e) {
      o.onError(e);
    }
  };
  const readText = async (input: HTMLInputElement): Promise<string | null> => {
    const file = input.files?.[0];
    if (!file) return null;
    if (file.size > MAX_FILE_BYTES) throw new Error(t('manager_file_too_large', file.name));
    return file.text();
  };
  const button = (action: string) => o.root.querySelector<HTMLButtonElement>(`[data-action=${action}]`)!;

  button('import').addEventListener('click', () => importFile.click());
  importFile.addEventListener(
    'change',
    guard(async () => {
      const text = await readText(importFile);
      importFile.value = '';
      if (text === null) return;
      const r = await call('ics.import', { identity: o.identity(), text });
      show(
        h('p', { class: `notice ${r.errors.length ? 'warn' : 'ok'}`, 'data-result': 'import' }, t('manager_imported', r.imported)),
        r.errors.length ? h('ul', { class: 'import-errors' }, ...r.errors.map((e) => h('li', {}, e))) : '',
      );
      o.onImported();
    }),
  );
  button('export').addEventListener(
    'click',
    guard(async () => {
      const f = await call('ics.export', { identity: o.identity() });
      download(f.filename, f.text, 'text/calendar');
      show(h('p', { class: 'notice ok' }, t('manager_exported', f.filename)));
    }),
  );
  button('export-ifb').addEventListener(
    'click',
    guard(async () => {
      const start = DateTime.now().setZone(o.zone()).startOf('day');
      const f = await call('ifb.export', { identity: o.identity(), start: start.toUTC().toISO()!, end: start.plus({ weeks: IFB_WEEKS }).toUTC().toISO()! });
      download(f.filename, f.text, 'text/calendar');
      show(h('p', { class: 'notice ok' }, t('manager_exported', f.filename)));
    }),
  );
  button('backup').addEventListener(
    'click',
    guard(async () => {
      const f = await call('backup.export', {});
      download(f.filename, f.json, 'application/json');
      show(h('p', { class: 'notice ok' }, t('manager_exported', f.filename)));
    }),
  );
  button('restore').addEventListener('click', () => restoreFile.click());
  restoreFile.addEventListener(
    'change',
    guard(async () => {
      const file = restoreFile.files?.[0];
      const json = await readText(restoreFile);
      restoreFile.value = '';
      if (json === null || !file) return;
      if (!(await confirmDialog(t('manager_restore_confirm', file.name), t('manager_restore_do'), t('manager_restore_keep')))) return;
      const r = await call('backup.restore', { json });
      show(h('p', { class: 'notice ok', 'data-result': 'restore' }, t('manager_restored', r.users, r.events)));
      o.onImported();
    }),
  );
}
