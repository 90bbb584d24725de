// The options page's description of every preference: name, meaning, default, allowed values.

import type { PrefMeta } from '../../shared/protocol.js';
import { allowedValues, ENGINE_PREFERENCES, PREFERENCES } from '../prefs.js';
// Registers the resource and event-limit preferences, so that they are listed too.
import '../policy/prefs.js';

export function prefMeta(): PrefMeta[] {
  return Object.entries(PREFERENCES).map(([name, def]) => ({
    name,
    help: def.help,
    default: def.default ?? null,
    values: allowedValues(name),
    group: ENGINE_PREFERENCES.includes(name) ? 'engine' : 'resource',
  }));
}
