// The part of Thunderbird's `messenger` the background uses, as one typed interface. The
// background takes it as a parameter (index.ts hands in the real `messenger`; tests a fake), so
// every call it makes is visible here and checked against the API's own types
// (@types/thunderbird-webext-browser 127 plus tb-newer.d.ts for what came later).

type M = typeof messenger;

export interface Tb {
  messages: Pick<M['messages'], 'get' | 'getFull' | 'listAttachments' | 'getAttachmentFile' | 'query' | 'continueList'> & {
    /** 129+: absent on 128. */
    listInlineTextParts?: M['messages']['listInlineTextParts'];
  };
  accounts: Pick<M['accounts'], 'list'>;
  identities: Pick<M['identities'], 'list'>;
  compose: Pick<M['compose'], 'beginNew' | 'sendMessage'>;
  messageDisplay: Pick<M['messageDisplay'], 'getDisplayedMessage'>;
  messageDisplayAction: Pick<M['messageDisplayAction'], 'enable' | 'disable' | 'setBadgeText' | 'setBadgeBackgroundColor' | 'setTitle'>;
  notifications: Pick<M['notifications'], 'create'>;
  alarms: Pick<M['alarms'], 'create' | 'clear' | 'getAll'>;
  storage: { local: Pick<M['storage']['local'], 'get' | 'set'> };
  tabs: Pick<M['tabs'], 'create'>;
  runtime: Pick<M['runtime'], 'openOptionsPage' | 'getURL'> & {
    /** Notices to open pages; rejects when no page listens (harmless). */
    sendMessage(message: unknown): Promise<unknown>;
  };
  menus: Pick<M['menus'], 'create'>;
  i18n: Pick<M['i18n'], 'getMessage'>;
  scripting?: { messageDisplay: Pick<M['scripting']['messageDisplay'], 'registerScripts' | 'unregisterScripts' | 'getRegisteredScripts'> };
  imipSend: Pick<M['imipSend'], 'sendRaw' | 'getShowImipBar' | 'setShowImipBar'>;
}

export type MessageHeader = messenger.messages.MessageHeader;
export type MailFolder = messenger.folders.MailFolder;
export type MailIdentity = messenger.identities.MailIdentity;
export type MessagePart = messenger.messages.MessagePart;
