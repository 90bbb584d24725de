// The CLI's side of attachments: files given with --attach, and `imip-agent attachments --out`
// writing stored attachments into a directory. Everything here touches the file system only;
// what an attachment is and how big it may be is decided in src/core.

import { mkdir, open, readFile, readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AttachmentInfo, AttachmentInput } from '../core/api.js';
import { MAX_ATTACHMENT_BYTES, MAX_MESSAGE_ATTACHMENT_BYTES } from '../core/mime/errors.js';
import { limitText, sizeText } from '../core/attachments/limits.js';
import { safeFileName, uniqueFileName } from '../core/attachments/names.js';

export class FileError extends Error {
  override name = 'FileError';
}

/** Media types by extension for --attach (the few kinds invitations carry; the rest is octets). */
const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  ics: 'text/calendar',
  json: 'application/json',
  xml: 'application/xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

export function typeOfName(name: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return (ext && TYPES[ext]) || 'application/octet-stream';
}

/**
 * Reads every --attach file (before the store is opened); a file too big, or files together past
 * the budget of one message, are not read at all: the user's own input, so exit 1 to fix it.
 */
export async function readAttachFiles(paths: string[]): Promise<AttachmentInput[]> {
  const out: AttachmentInput[] = [];
  let total = 0;
  for (const path of paths) {
    let size: number;
    try {
      const s = await stat(path);
      if (!s.isFile()) throw new FileError(`cannot attach ${path}: not a file`);
      size = s.size;
    } catch (e) {
      if (e instanceof FileError) throw e;
      throw new FileError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (size > MAX_ATTACHMENT_BYTES) throw new FileError(`cannot attach ${path}: ${size} octets, larger than ${limitText('MAX_ATTACHMENT_BYTES')}`);
    total += size;
    if (total > MAX_MESSAGE_ATTACHMENT_BYTES)
      throw new FileError(`cannot attach ${path}: the files add up to ${sizeText(total)}, more than ${limitText('MAX_MESSAGE_ATTACHMENT_BYTES')}`);
    let data: Uint8Array;
    try {
      data = new Uint8Array(await readFile(path));
    } catch (e) {
      throw new FileError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const name = basename(path);
    out.push({ name, type: typeOfName(name), data });
  }
  return out;
}

export type Listed = AttachmentInfo & { file?: string; error?: string };

/**
 * Writes each stored attachment once into `dir` (made if missing) under a safe name that is
 * unique there: existing files are never overwritten (O_EXCL, which also refuses a planted
 * symlink). One file that cannot be written under its own name (a name the file system refuses)
 * is written as `attachment-<id>` instead; one that cannot be written at all is listed with an
 * `error`, and the others are written all the same.
 */
export async function writeAttachments(dir: string, list: AttachmentInfo[], load: (id: string) => Promise<Uint8Array | undefined>): Promise<Listed[]> {
  let taken: Set<string>;
  try {
    await mkdir(dir, { recursive: true });
    taken = new Set((await readdir(dir)).map((n) => n.toLowerCase()));
  } catch (e) {
    throw new FileError(`cannot write into ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const byId = new Map<string, { file?: string; error?: string }>();
  for (const info of list) {
    if (info.kind !== 'stored' || byId.has(info.id)) continue;
    const data = await load(info.id);
    if (!data) continue;
    let outcome: { file?: string; error?: string };
    try {
      outcome = { file: await writeOne(dir, safeFileName(info.name), data, taken) };
    } catch (first) {
      try {
        outcome = { file: await writeOne(dir, safeFileName(`attachment-${info.id}`), data, taken) };
      } catch {
        outcome = { error: `cannot write ${JSON.stringify(safeFileName(info.name))}: ${(first as NodeJS.ErrnoException).code ?? (first as Error).message}` };
      }
    }
    byId.set(info.id, outcome);
  }
  return list.map((info) => ({ ...info, ...(byId.get(info.id) ?? {}) }));
}

/** Creates a new file under `name` (or `name (2)`…) and writes `data`; a half-written file is
 * removed again. */
async function writeOne(dir: string, name: string, data: Uint8Array, taken: Set<string>): Promise<string> {
  for (;;) {
    const path = join(dir, uniqueFileName(name, taken));
    let handle;
    try {
      handle = await open(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    try {
      await handle.writeFile(data);
    } catch (e) {
      await handle.close();
      await rm(path, { force: true });
      throw e;
    }
    await handle.close();
    return path;
  }
}
