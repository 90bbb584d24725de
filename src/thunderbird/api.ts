// The part of Thunderbird's `messenger` the background uses, as one typed interface. The
// background takes it as a parameter (index.ts hands in the real `messenger`; tests a fake), so
// every call it makes is visible here and checked against the API's own types
// (@types/thunderbird-webext-browser 127 plus tb-newer.d.ts for what came later).

type M = typeof messenger;

export interface Tb {
  messages: Pick<M['messages'], 'get' | 'getFull' | 'getRaw' | 'listAttachments' | 'getAttachmentFile' | 'query' | 'continueList'> & {
    /** 129+: absent on 128. */
    listInlineTextParts?: M['messages']['listInlineTextParts'];
  };
  accounts: Pick<M['accounts'], 'list'>;
  identities: Pick<M['identities'], 'list'>;
  compose: Pick<M['compose'], 'beginNew' | 'sendMessage'>;
  /**
   * MV3 has only getDisplayedMessages, answering a MessageList (MV2's getDisplayedMessage and
   * its array are gone: schemas/messageDisplay.json, max_manifest_version 2).
   */
  messageDisplay: { getDisplayedMessages(tabId: number): Promise<MessageList | MessageHeader[]> };
  messageDisplayAction: Pick<M['messageDisplayAction'], 'enable' | 'disable' | 'setBadgeText' | 'setBadgeBackgroundColor' | 'setTitle'> &
    Partial<Pick<M['messageDisplayAction'], 'setPopup' | 'openPopup'>>;
  notifications: Pick<M['notifications'], 'create'>;
  alarms: Pick<M['alarms'], 'create' | 'clear' | 'getAll'>;
  storage: { local: Pick<M['storage']['local'], 'get' | 'set'> };
  tabs: Pick<M['tabs'], 'create' | 'remove'> & Partial<Pick<M['tabs'], 'query' | 'sendMessage'>>;
  runtime: Pick<M['runtime'], 'openOptionsPage' | 'getURL'> & {
    /** Notices to open pages; rejects when no page listens (harmless). */
    sendMessage(message: unknown): Promise<unknown>;
  };
  menus: Pick<M['menus'], 'create'>;
  i18n: Pick<M['i18n'], 'getMessage'> & { getUILanguage?(): string };
  scripting?: { messageDisplay: Pick<M['scripting']['messageDisplay'], 'registerScripts' | 'unregisterScripts' | 'getRegisteredScripts'> };
  imipSend: Pick<M['imipSend'], 'sendRaw' | 'openpgpMissingKeys' | 'getShowImipBar' | 'setShowImipBar' | 'getRegionalFormat'>;
}

export type MessageHeader = messenger.messages.MessageHeader;
export type MailFolder = messenger.folders.MailFolder;
export type MailIdentity = messenger.identities.MailIdentity;
export type MessagePart = messenger.messages.MessagePart;
export type MessageList = messenger.messages.MessageList;

/** The messages of a MessageList (MV3) or of an array (MV2), first page only. */
export function listed(value: MessageList | MessageHeader[] | null | undefined): MessageHeader[] {
  if (!value) return [];
  return Array.isArray(value) ? value : value.messages;
}

/** The one message shown in a tab, or null when none or several are. */
export async function displayedMessage(tb: Pick<Tb, 'messageDisplay'>, tabId: number): Promise<MessageHeader | null> {
  const shown = listed(await tb.messageDisplay.getDisplayedMessages(tabId));
  return shown.length === 1 ? shown[0]! : null;
}
