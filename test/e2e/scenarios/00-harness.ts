// Scenario 0: the harness itself. Thunderbird starts on a profile made from files with the built
// add-on installed and enabled, the IMAP account (PREAUTH front end) syncs the mail put into the
// INBOX, the add-on's background says it is ready, and Thunderbird quits cleanly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADDON_DIR } from '../addon.js';
import { plainMail } from '../mail.js';
import type { Scenario } from '../scenario.js';

const scenario: Scenario = {
  name: '0 harness: Thunderbird starts with the add-on, syncs the account, quits cleanly',
  async run(w, ctx) {
    const manifest = JSON.parse(readFileSync(join(ADDON_DIR, 'manifest.json'), 'utf8'));
    w.deliver('INBOX', plainMail({ subject: 'Hello from the harness' }));
    const addon = await w.ui.addon();
    assert.ok(addon, 'the add-on is installed');
    assert.equal(addon.isActive, true, 'the sideloaded add-on is enabled (extensions.autoDisableScopes 0)');
    assert.equal(addon.version, manifest.version);
    if (manifest.background) {
      const ready = await w.tb.waitEvent('ready', undefined, 30000);
      assert.equal(ready.data.version, manifest.version);
      ctx.timing('launch → imip-agent ready', ready.at - w.tb.startedAt);
    }
    const synced = await w.ui.accountSynced(1, 30000);
    ctx.timing('launch → INBOX synced', Date.now() - w.tb.startedAt);
    assert.ok(synced.folders.includes('Sent'), `folders: ${synced.folders.join(', ')}`);
    assert.equal(synced.inbox, 1);
    const t = Date.now();
    await w.tb.quit();
    ctx.timing('quit', Date.now() - t);
    assert.equal(w.tb.child.exitCode, 0, 'Thunderbird exits 0 after Marionette:Quit');
  },
};
export default scenario;
