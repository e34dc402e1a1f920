import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/** The agent's logger: JSON lines on stderr, pretty when stderr is a terminal (or `pretty` is forced). */
export function createLogger(level: string, prettyOutput = Boolean(process.stderr.isTTY)): Logger {
  const options = {
    level,
    redact: { paths: ['*.password', '*.token', '*.apiKey', 'password', 'token'], censor: '***' },
  };
  if (!prettyOutput) return pino(options, pino.destination({ fd: 2, sync: true }));
  const stream = pretty({
    destination: 2,
    sync: true,
    ignore: 'pid,hostname',
    translateTime: 'HH:MM:ss',
    colorize: true,
  });
  return pino(options, stream);
}
