import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** One captured log line. */
export interface LogEntry {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real pino logger whose JSON lines are kept in memory, so tests can assert "logged once". */
export function captureLogger(level = 'debug'): {
  logger: Logger;
  entries: LogEntry[];
  messages(): string[];
  /** Waits until `test` holds, checked now and on each line logged (no polling). */
  until(test: () => boolean, timeoutMs?: number): Promise<void>;
} {
  const entries: LogEntry[] = [];
  const waiters = new Set<() => void>();
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n'))
        if (line.trim()) entries.push(JSON.parse(line) as LogEntry);
      for (const wake of [...waiters]) wake();
      done();
    },
  });
  const logger = pino({ level }, stream);
  const until = (test: () => boolean, timeoutMs = 3000) =>
    new Promise<void>((resolve, reject) => {
      if (test()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`log condition not met within ${timeoutMs} ms (last: ${entries.at(-1)?.msg})`));
      }, timeoutMs);
      const wake = () => {
        if (!test()) return;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve();
      };
      waiters.add(wake);
    });
  return { logger, entries, messages: () => entries.map((e) => e.msg), until };
}
