/* The calendar Experiment's time zone part: Thunderbird's calendar time zone and its change.
 * Runs privileged, in Thunderbird's parent process; plain JavaScript, loaded as it is.
 *
 * Why it exists: no built-in calendar WebExtension API up to Thunderbird 156 (implementation.js
 * says more). The add-on shows times and finds free slots in the zone of the user's Calendar tab,
 * which only Thunderbird's calendar preferences know. Shaped like `calendar.timezones` of the
 * calendar API drafted for Thunderbird (thunderbird/webext-experiments), a separate Experiment as
 * there. It only reads, and observes one preference, `calendar.timezone.local`: Thunderbird's
 * timezone service rewrites it whenever the zone it uses changes, the system's included
 * (docs/E2E.md, "Thunderbird's calendars").
 */
'use strict';

/* global ChromeUtils, Services */

var { ExtensionCommon } = ChromeUtils.importESModule('resource://gre/modules/ExtensionCommon.sys.mjs');

const ZONE_PREF = 'calendar.timezone.local';

/** The calendar time zone as Thunderbird's timezone service resolves it: the system zone when told to follow it or unset. */
function currentZone() {
  const local = Services.prefs.getStringPref(ZONE_PREF, '');
  const system = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const useSystem = Services.prefs.getBoolPref('calendar.timezone.useSystemTimezone', true);
  if (useSystem || !local || local === 'floating') return system;
  return local;
}

this.calendarTimezones = class extends ExtensionCommon.ExtensionAPI {
  getAPI(context) {
    return {
      calendar: {
        timezones: {
          getCurrentZone: async () => currentZone(),
          onUpdated: new ExtensionCommon.EventManager({
            context,
            name: 'calendar.timezones.onUpdated',
            register: (fire) => {
              const observer = { observe: () => fire.async(currentZone()) };
              Services.prefs.addObserver(ZONE_PREF, observer);
              return () => Services.prefs.removeObserver(ZONE_PREF, observer);
            },
          }).api(),
        },
      },
    };
  }
};
