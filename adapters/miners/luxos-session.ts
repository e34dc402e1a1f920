import type { Logger } from 'pino';
import { DeviceError, errorText } from '../../src/errors.js';
import type { CgminerClient } from '../protocols/cgminer-client.js';
import { checked } from '../protocols/cgminer-reply.js';

/** LuxOS answers a second `logon` with this code while another session is open (luxos-tooling syncops). */
export const SESSION_ACTIVE_CODE = 402;

/**
 * LuxOS write sessions (reference miners.md §5): `logon` → `SESSION[0].SessionID`, which privileged
 * commands take as their first parameter; only one session may exist at a time. Each write runs in
 * its own session that is released with `logoff` right after, as luxos-tooling does, so a user's
 * LuxOS tools are never locked out for long. A session held by someone else is REFUSED (retryable):
 * the agent's supervisor tries again later with backoff — hashheat never `kill`s a foreign session.
 */
export class LuxSessions {
  private logoffFailing = false;

  constructor(
    private readonly client: CgminerClient,
    private readonly deps: { logger: Logger; minerId: string },
  ) {}

  /** Runs `fn` with a fresh session id and logs off afterwards, whatever `fn` did. */
  async run<T>(fn: (sessionId: string) => Promise<T>): Promise<T> {
    const what = `${this.client.endpoint} logon`;
    const reply = await this.client.request('logon');
    if (reply.status.Code === SESSION_ACTIVE_CODE || /another session/i.test(reply.status.Msg ?? '')) {
      throw new DeviceError(
        'REFUSED',
        `${what}: another LuxOS session is active (code ${reply.status.Code ?? '?'}: someone else is logged on); will retry later`,
        true,
      );
    }
    const sid = checked(reply, what).sections.SESSION?.[0]?.SessionID;
    if (typeof sid !== 'string' || sid === '') {
      throw new DeviceError('BAD_RESPONSE', `${what}: no SessionID in the reply`, true);
    }
    try {
      return await fn(sid);
    } finally {
      await this.logoff(sid);
    }
  }

  private async logoff(sid: string): Promise<void> {
    try {
      await this.client.command('logoff', sid);
      if (this.logoffFailing) this.deps.logger.info({ miner: this.deps.minerId }, 'LuxOS logoff works again');
      this.logoffFailing = false;
    } catch (error) {
      // The session then expires on the miner's side; say so once, not at every command.
      if (!this.logoffFailing)
        this.deps.logger.warn(
          { miner: this.deps.minerId, error: errorText(error) },
          'LuxOS logoff failed; the session stays open until the miner expires it',
        );
      this.logoffFailing = true;
    }
  }
}
