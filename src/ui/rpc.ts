// The pages' side of src/shared/protocol.ts: one typed call per request. The background answers
// `{ ok, value | error }`; an error becomes a thrown RpcError whose message the page shows as text.
import type { Notice, Reply, Request, RequestMap, RequestType, Response } from '../shared/protocol.js';
import { ext } from './browser.js';

export class RpcError extends Error {
  override name = 'RpcError';
}

export async function call<T extends RequestType>(type: T, req: RequestMap[T]['req']): Promise<Response<T>> {
  const message = { type, ...req } as Request<T>;
  let reply: Reply<T> | undefined;
  try {
    reply = (await ext.runtime.sendMessage(message)) as Reply<T> | undefined;
  } catch (e) {
    throw new RpcError((e as Error).message || String(e));
  }
  if (!reply || typeof reply !== 'object') throw new RpcError(`no answer from the background for ${type}`);
  if (!reply.ok) throw new RpcError(reply.error);
  return reply.value;
}

/** Calls `fn` for every notice the background pushes (store changed, outbox changed). */
export function onNotice(fn: (notice: Notice) => void): void {
  ext.runtime.onMessage.addListener((message: unknown) => {
    if (message && typeof message === 'object' && 'notice' in message) fn(message as Notice);
    // Notices need no answer: undefined leaves the reply to other listeners.
    return undefined;
  });
}
