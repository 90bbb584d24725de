// Declarations for the Thunderbird APIs this add-on calls that are newer than
// @types/thunderbird-webext-browser 127 (checked against webextension-api.thunderbird.net, MV3),
// plus the add-on's own Experiment API (src/experiment/schema.json). Merged into the `messenger`
// namespace of the 127 types.

declare namespace messenger.messages {
  /** An inline text/* part (129+): the readable content, decrypted when the message is encrypted. */
  interface InlineTextPart {
    contentType: string;
    content: string;
  }
  interface MessageAttachment {
    /** The part's headers, names lower-cased (newer releases; may be absent). */
    headers?: { [name: string]: string[] };
  }
  /** 129+; absent on 128 (callers check). */
  function listInlineTextParts(messageId: number): Promise<InlineTextPart[]>;
}

declare namespace messenger.identities {
  interface EncryptionCapability {
    canEncrypt: boolean;
    canSign: boolean;
  }
  interface MailIdentity {
    /** 128+: what the identity can do with each technology (own key or certificate configured). */
    encryptionCapabilities?: { OpenPGP?: EncryptionCapability; 'S/MIME'?: EncryptionCapability };
  }
}

declare namespace messenger.compose {
  /**
   * 128+: `selectedEncryptionTechnology` of ComposeDetails. Thunderbird 153 requires
   * `encryptSubject` for OpenPGP and refuses it for S/MIME (measured: "Value must either: .name
   * must match the pattern /^S\/MIME$/, or contain the required "encryptSubject" property").
   */
  interface EncryptionPropertiesOpenPGP {
    name: 'OpenPGP';
    encryptBody: boolean;
    encryptSubject: boolean;
    signMessage: boolean;
  }
  interface EncryptionPropertiesSMIME {
    name: 'S/MIME';
    encryptBody: boolean;
    signMessage: boolean;
  }
  interface ComposeDetails {
    selectedEncryptionTechnology?: EncryptionPropertiesOpenPGP | EncryptionPropertiesSMIME;
  }
}

declare namespace messenger.scripting.messageDisplay {
  interface MessageDisplayScript {
    id: string;
    js?: string[];
    css?: string[];
    runAt?: 'document_start' | 'document_end' | 'document_idle';
  }
  /** 128+ (MV3): scripts injected into displayed messages. */
  function registerScripts(scripts: MessageDisplayScript[]): Promise<void>;
  function unregisterScripts(filter?: { ids?: string[] }): Promise<void>;
  function getRegisteredScripts(filter?: { ids?: string[] }): Promise<MessageDisplayScript[]>;
}

/** The add-on's Experiment API (src/experiment). */
declare namespace messenger.imipSend {
  /** Sends a complete RFC 5322 message from the identity, unchanged (nsIMsgSend.sendMessageFile). */
  function sendRaw(identityId: string, raw: string): Promise<void>;
  /** The addresses without a valid, accepted OpenPGP key (compose would stop on its Key Assistant). */
  function openpgpMissingKeys(addresses: string[]): Promise<string[]>;
  function getShowImipBar(): Promise<boolean>;
  function setShowImipBar(show: boolean): Promise<void>;
  /** Thunderbird's regional locale and whether its short times carry AM/PM. */
  function getRegionalFormat(): Promise<{ locale: string; hour12: boolean }>;
}

/** The add-on's calendar Experiment (src/experiment/calendar), shaped like Thunderbird's drafted calendar API. */
declare namespace messenger.calendar.calendars {
  interface Calendar {
    id: string;
    type: string;
    name: string;
    color?: string;
    readOnly: boolean;
    enabled: boolean;
    /** imip.identity.key: the mail identity the calendar schedules for. */
    identityKey?: string;
  }
  function query(): Promise<Calendar[]>;
}
declare namespace messenger.calendar.items {
  interface CalendarItem {
    /** The UID. */
    id: string;
    calendarId: string;
    type: 'event';
    format: 'ical';
    /** One VCALENDAR: the master VEVENT, its overrides, their VTIMEZONEs. */
    item: string;
  }
  interface ItemProperties {
    format?: 'ical';
    item: string;
  }
  function query(options: { calendarId: string; rangeStart?: string; rangeEnd?: string }): Promise<CalendarItem[]>;
  function get(calendarId: string, id: string): Promise<CalendarItem | null>;
  function create(calendarId: string, properties: ItemProperties): Promise<CalendarItem>;
  function update(calendarId: string, id: string, properties: ItemProperties): Promise<CalendarItem>;
  function remove(calendarId: string, id: string): Promise<void>;
  const onCreated: WebExtEvent<(item: CalendarItem) => void>;
  const onUpdated: WebExtEvent<(item: CalendarItem) => void>;
  const onRemoved: WebExtEvent<(calendarId: string, id: string) => void>;
  /** The calendar's items changed wholesale (loaded, synced, added, removed, re-configured). */
  const onReset: WebExtEvent<(calendarId: string) => void>;
}
declare namespace messenger.calendar.timezones {
  function getCurrentZone(): Promise<string>;
  const onUpdated: WebExtEvent<(tzid: string) => void>;
}

/** The standard alarms API, which the 127 typings leave out of `messenger`. */
declare namespace messenger.alarms {
  interface Alarm {
    name: string;
    scheduledTime: number;
    periodInMinutes?: number;
  }
  function create(name: string, info: { when?: number; delayInMinutes?: number; periodInMinutes?: number }): Promise<void>;
  function clear(name: string): Promise<boolean>;
  function getAll(): Promise<Alarm[]>;
  const onAlarm: WebExtEvent<(alarm: Alarm) => void>;
}
