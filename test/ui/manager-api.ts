// The management page's background as the page tests play it: the fixtures of
// fixtures/manager-data.ts by request type, a test's own answers first; every request is kept.
import type { Request } from '../../src/shared/protocol.js';
import { ok } from './harness.js';
import type { EventDetail } from '../../src/shared/protocol.js';
import { attention, hostile, identities, kickoff, people, prefs, standup, week } from './fixtures/manager-data.js';

export type Answers = { [K in Request['type']]?: (req: Extract<Request, { type: K }>) => unknown };

export function managerApi(answers: Answers = {}) {
  const requests: Request[] = [];
  const details: Record<string, EventDetail> = { 'kickoff@example.test': kickoff, 'hostile@evil.example': hostile, 'standup@example.test': standup };
  const api = (path: string, args: unknown[]) => {
    if (path !== 'runtime.sendMessage') return undefined;
    const req = args[0] as Request;
    requests.push(req);
    const own = answers[req.type] as ((r: Request) => unknown) | undefined;
    if (own) return ok(own(req));
    switch (req.type) {
      case 'identities.list':
        return ok(identities);
      case 'prefs.get':
        return ok(prefs);
      case 'calendar.range':
        return ok(week);
      case 'attention.list':
        return ok(attention);
      case 'event.get':
        return ok(details[req.uid] ?? null);
      case 'busy.range':
        return ok([]);
      case 'freebusy.people':
        return ok(people.filter((p) => req.addresses.includes(p.address)));
      case 'open.options':
        return ok({});
      case 'outbox.list':
        return ok([]);
      default:
        return { ok: false, error: `not played by this test: ${req.type}` };
    }
  };
  const of = <T extends Request['type']>(type: T) => requests.filter((r) => r.type === type) as unknown as Request<T>[];
  return { api, requests, of };
}
