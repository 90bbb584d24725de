// One line per event on Thunderbird's stdout, exactly as conventions.md says: the end-to-end
// harness waits on these lines. `imip-agent: <event> <JSON>`.
export type LogEvent = 'ready' | 'processed' | 'waiting' | 'skipped' | 'sent' | 'needs-consent' | 'failed' | 'error' | 'calendar';

export type Logger = (event: LogEvent, data: Record<string, unknown>) => void;

export const consoleLogger: Logger = (event, data) => {
  console.log(`imip-agent: ${event} ${JSON.stringify(data)}`);
};

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
