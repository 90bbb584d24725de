// Subjects and body lines of the mail the add-on sends, in the user's UI language. The core
// keeps English defaults (core/itip/strings.ts) and takes translations through EngineOptions;
// here they come from messenger.i18n (`bg_mail_<name>`). The engine fills $1 (a summary) and $2
// (a person) itself, so they are handed to getMessage as literal substitutions: a WebExtension
// message would otherwise replace them with nothing.
import { ENGLISH, type Strings } from '../core/itip/strings.js';
import type { Tb } from '../thunderbird/api.js';

const NAMES = Object.keys(ENGLISH) as (keyof Strings)[];

export function mailStrings(tb: Pick<Tb, 'i18n'>): Partial<Strings> {
  const out: Partial<Strings> = {};
  for (const name of NAMES) {
    const text = tb.i18n.getMessage(`bg_mail_${name}`, ['$1', '$2']);
    // A missing translation keeps the engine's English rather than sending an empty subject.
    if (text) out[name] = text;
  }
  return out;
}
