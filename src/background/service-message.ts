// The popup's requests: the displayed message as the store sees it, and actions on it.
import type { MessageView, RequestMap } from '../shared/protocol.js';
import { messageItems } from '../core/views/index.js';
import { readMessage } from '../thunderbird/read.js';
import { displayedMessage, type MessageHeader } from '../thunderbird/api.js';
import { calendarIdentities, engineOptions, findIdentity, type Agent } from './agent.js';
import { headerKey, processMessage } from './pipeline.js';
import { runAction, runPopupAction } from './actions.js';
import { answerOf } from './answers.js';

type Req<T extends keyof RequestMap> = RequestMap[T]['req'];
type Res<T extends keyof RequestMap> = RequestMap[T]['res'];

async function headerOf(agent: Agent, req: Req<'message.view'>): Promise<MessageHeader | null> {
  if ('tabId' in req) return displayedMessage(agent.tb, req.tabId);
  return agent.tb.messages.get(req.messageId);
}

function dateIso(d: unknown): string | null {
  const t = d instanceof Date ? d.getTime() : typeof d === 'string' || typeof d === 'number' ? new Date(d).getTime() : NaN;
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

export async function messageView(agent: Agent, req: Req<'message.view'>): Promise<Res<'message.view'>> {
  const header = await headerOf(agent, req);
  if (!header) return null;
  // Displaying a message is also when one waiting for decryption is tried again.
  const record = await processMessage(agent, header, 'display');
  const view: MessageView = {
    messageId: header.id,
    headerMessageId: headerKey(header) || null,
    subject: header.subject ?? null,
    from: header.author ?? null,
    date: dateIso(header.date),
    encrypted: record?.encrypted ?? false,
    state: 'none',
    error: null,
    items: [],
  };
  if (!record) return view;
  if (record.state === 'waiting-decryption') return { ...view, state: 'waiting-decryption', encrypted: true };
  if (record.state === 'error') return { ...view, state: 'error', error: record.reason ?? 'this message could not be read' };
  if (record.state !== 'processed') return view;
  const { mail } = await readMessage(agent.tb, header.id);
  const identities = await calendarIdentities(agent);
  const items = await agent.store().transact(async (tx) => {
    const out: MessageView['items'] = [];
    for (const [address, applied] of Object.entries(record.identities)) {
      const identity = identities.find((i) => i.email === address);
      if (!identity) continue;
      const found = await messageItems(tx, engineOptions(agent, identity), { ...mail, messageId: mail.messageId ?? record.headerMessageId }, applied);
      const utx = tx.user(identity.email);
      const outbox = await utx.listOutbox();
      for (const item of found) {
        const stored = await utx.getEvent(item.proposed.uid);
        out.push({ ...item, answer: answerOf(outbox, stored, { uid: item.proposed.uid, identity: identity.email, partstat: item.stored?.partstat ?? null }) });
      }
    }
    return out;
  });
  // A part the engine could not read yields no item: say why (the engine's reason), rather than
  // leaving the popup to claim that nothing in the message concerns the user.
  if (!items.length) {
    const reasons = Object.values(record.identities).flatMap((a) =>
      a.results.filter((r) => r.action === 'error' || r.action === 'refused').map((r) => r.reason),
    );
    if (reasons.length) return { ...view, state: 'error', error: [...new Set(reasons)].join('; ') };
  }
  return { ...view, state: 'processed', items };
}

export async function messageAct(agent: Agent, req: Req<'message.act'>): Promise<Res<'message.act'>> {
  const identity = await findIdentity(agent, req.identity);
  const header = await agent.tb.messages.get(req.messageId);
  const record = header ? await agent.records.getMessage(headerKey(header)) : undefined;
  // The answer goes back the way the message came: encrypted mail gets an encrypted answer.
  const encrypt = record?.encrypted ? (record.technology ?? 'any') : null;
  const { results, sent } = await runAction(agent, identity, encrypt, (tx, opts) => runPopupAction(tx, opts, req.uid, req.action));
  return { results, sent };
}
