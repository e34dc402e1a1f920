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
} {
  const entries: LogEntry[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n'))
        if (line.trim()) entries.push(JSON.parse(line) as LogEntry);
      done();
    },
  });
  const logger = pino({ level }, stream);
  return { logger, entries, messages: () => entries.map((e) => e.msg) };
}
