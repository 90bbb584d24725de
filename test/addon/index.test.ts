// The event page: every listener is added synchronously while the script is evaluated (so that
// Thunderbird can wake it for any of them), the button starts disabled, the periodic catch-up
// alarm exists, and "ready" is printed as conventions.md says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import 'fake-indexeddb/auto';
import { FakeThunderbird, fixture } from './fake-messenger.js';

interface Recorded {
  name: string;
  args: unknown[];
}

function event(name: string, into: Recorded[]) {
  return {
    addListener: (...args: unknown[]) => into.push({ name, args }),
    removeListener: () => undefined,
    hasListener: () => false,
  };
}

test('background/index.ts registers its listeners at the top level and prints ready', async () => {
  const fake = new FakeThunderbird();
  const tb = fake.tb();
  const listeners: Recorded[] = [];
  const lines: string[] = [];
  const g = globalThis as unknown as { messenger: unknown };
  g.messenger = {
    ...tb,
    messages: { ...tb.messages, onNewMailReceived: event('messages.onNewMailReceived', listeners) },
    messageDisplay: { ...tb.messageDisplay, onMessagesDisplayed: event('messageDisplay.onMessagesDisplayed', listeners) },
    runtime: {
      ...tb.runtime,
      getManifest: () => ({ version: '0.1.0' }),
      onMessage: event('runtime.onMessage', listeners),
      onStartup: event('runtime.onStartup', listeners),
      onInstalled: event('runtime.onInstalled', listeners),
    },
    alarms: { ...tb.alarms, onAlarm: event('alarms.onAlarm', listeners) },
    menus: { ...tb.menus, onClicked: event('menus.onClicked', listeners) },
  };
  const log = console.log;
  console.log = (line: string) => lines.push(line);
  try {
    const loading = import('../../src/background/index.js');
    await loading;
    // Everything was registered by the time the module finished evaluating.
    assert.deepEqual(listeners.map((l) => l.name).sort(), [
      'alarms.onAlarm',
      'menus.onClicked',
      'messageDisplay.onMessagesDisplayed',
      'messages.onNewMailReceived',
      'runtime.onInstalled',
      'runtime.onMessage',
      'runtime.onStartup',
    ]);
    assert.equal(listeners.find((l) => l.name === 'messages.onNewMailReceived')!.args[1], true, 'monitorAllFolders');
    for (let i = 0; i < 20 && !lines.some((l) => l.startsWith('imip-agent: ready')); i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(
      lines.filter((l) => l.startsWith('imip-agent: ready')),
      ['imip-agent: ready {"version":"0.1.0"}'],
    );
    assert.equal(fake.action.get('global')?.enabled, false);
    assert.deepEqual(fake.alarms.get('imip-agent.catchup'), { periodInMinutes: 15 });
    // The protocol listener answers requests and ignores anything else.
    const onMessage = listeners.find((l) => l.name === 'runtime.onMessage')!.args[0] as (m: unknown, s: unknown) => unknown;
    assert.equal(onMessage({ hello: 1 }, {}), undefined);
    const reply = (await onMessage({ type: 'global.get' }, {})) as { ok: boolean; value: unknown };
    assert.deepEqual(reply, { ok: true, value: { banner: true, showImipBar: true, imipBarOffered: false } });
    // MV3 hands onMessagesDisplayed a MessageList: the button follows the displayed invitation.
    const shown = listeners.find((l) => l.name === 'messageDisplay.onMessagesDisplayed')!.args[0] as (tab: unknown, list: unknown) => Promise<void>;
    const invitation = fake.add(fixture('google.eml'), 'inbox');
    await shown({ id: 5 }, { messages: [invitation] });
    assert.deepEqual([fake.action.get(5)?.enabled, fake.action.get(5)?.badge], [true, '1']);
    await shown({ id: 5 }, { messages: [] });
    assert.equal(fake.action.get(5)?.enabled, false);
  } finally {
    console.log = log;
  }
});
