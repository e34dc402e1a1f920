import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { PrettyOptions } from 'pino-pretty';

/** How the agent's logger writes. */
export interface LoggerOptions {
  /** One readable line per event instead of JSON; default: when stderr is a terminal. */
  pretty?: boolean;
  /** IANA zone of the pretty time stamps (the site's); default the machine's. */
  timeZone?: string;
  /** Where lines go (tests pass a buffer); default stderr. */
  destination?: DestinationStream;
  /** ANSI colours in pretty output; default when pretty goes to stderr. */
  colorize?: boolean;
}

// Fields the pretty line's message already says ("nano: running at high: …"); the JSON keeps them.
const SAID_IN_MESSAGE = [
  'pid',
  'hostname',
  'miner',
  'from',
  'to',
  'levelId',
  'decidedBy',
  'dryRun',
  'source',
  'until',
];

type PrettyFactory = (options: PrettyOptions) => DestinationStream;

/** pino-pretty, loaded only when a terminal reads the log (piped output never pays for it). */
function loadPretty(): PrettyFactory {
  const require = createRequire(import.meta.url);
  return require('pino-pretty') as PrettyFactory;
}

/** `HH:mm:ss` of an epoch-ms log time in the zone (the machine's when none). */
export function localClockTime(at: number, timeZone?: string): string {
  const time = DateTime.fromMillis(at, timeZone ? { zone: timeZone } : {});
  return (time.isValid ? time : DateTime.fromMillis(at)).toFormat('HH:mm:ss');
}

/**
 * The agent's logger: JSON lines (one object a line) on stderr, or — in a terminal — one readable
 * line per event, `14:03:05 INFO: nano: running at high: …`, in the site's local time. Issue 11: a
 * record must carry one `level` key (pino's); a miner's operating level is logged as `levelId`.
 */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const pinoOptions = {
    level,
    redact: { paths: ['*.password', '*.token', '*.apiKey', 'password', 'token'], censor: '***' },
  };
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
  if (!pretty) return pino(pinoOptions, options.destination ?? pino.destination({ fd: 2, sync: true }));
  const { timeZone } = options;
  const stream = loadPretty()({
    ...(options.destination ? { destination: options.destination } : { destination: 2, sync: true }),
    ignore: SAID_IN_MESSAGE.join(','),
    singleLine: true,
    translateTime: false,
    customPrettifiers: { time: (t) => localClockTime(Number(t), timeZone) },
    colorize: options.colorize ?? !options.destination,
  });
  return pino(pinoOptions, stream);
}
