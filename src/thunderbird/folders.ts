// What kind of folder a message sits in, from Thunderbird's special-use flags (MV3 has only
// `specialUse`; `type` is MV2's and read as a fallback).
import type { MailFolder } from './api.js';

export type FolderKind = 'inbox' | 'sent' | 'junk' | 'trash' | 'drafts' | 'templates' | 'outbox' | 'archives' | 'other';

// A folder can carry several uses; the ones that mean "do not act" win.
const ORDER: FolderKind[] = ['junk', 'trash', 'drafts', 'templates', 'outbox', 'sent', 'inbox', 'archives'];

export function folderKind(folder: MailFolder | undefined): FolderKind {
  const uses = new Set<string>([...(folder?.specialUse ?? []), ...(folder?.type ? [folder.type] : [])]);
  return ORDER.find((k) => uses.has(k)) ?? 'other';
}

/** Folders whose mail the agent leaves alone: spam, deleted mail, unsent drafts and templates. */
export function isSkippedFolder(kind: FolderKind): boolean {
  return kind === 'junk' || kind === 'trash' || kind === 'drafts' || kind === 'templates' || kind === 'outbox';
}
