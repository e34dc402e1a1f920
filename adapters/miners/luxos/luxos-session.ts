import type { Logger } from 'pino';
import { DeviceError, errorText } from '../../../src/errors.js';
import type { CgminerClient } from '../../protocols/cgminer-client.js';
import { checked } from '../../protocols/cgminer-reply.js';

/** LuxOS answers a second `logon` with this code while another session is open (luxos-tooling syncops). */
export const SESSION_ACTIVE_CODE = 402;

/**
 * LuxOS write sessions (reference miners.md §5): `logon` → `SESSION[0].SessionID`, which privileged
 * commands take as their first parameter; only one session may exist at a time. A write runs in a session
 * of its own, released with `logoff` right after as luxos-tooling does, so a user's LuxOS tools are never
 * locked out for long. When another client holds the one session (`logon` answers 402), hashheat asks
 * `session` for its id and uses it, as pyasic (`LUXMinerRPCAPI.auth`: `session` first, then `logon`) and
 * asic-rs (luxminer `v1/rpc.rs`) do, and leaves it open for its owner: a busy LuxOS tool cannot starve
 * hashheat. It never `kill`s a session; only when no id can be had is the write REFUSED (retryable).
 */
export class LuxSessions {
  private logoffFailing = false;
  private borrowing = false;

  constructor(
    private readonly client: CgminerClient,
    private readonly deps: { logger: Logger; minerId: string },
  ) {}

  /** Runs `fn` with a session id (its own, logged off afterwards, or another client's, left open). */
  async run<T>(fn: (sessionId: string) => Promise<T>): Promise<T> {
    const what = `${this.client.endpoint} logon`;
    const reply = await this.client.request('logon');
    if (reply.status.Code === SESSION_ACTIVE_CODE || /another session/i.test(reply.status.Msg ?? '')) {
      return this.borrow(fn, `code ${reply.status.Code ?? '?'}: ${reply.status.Msg ?? 'session active'}`);
    }
    const sid = checked(reply, what).sections.SESSION?.[0]?.SessionID;
    if (typeof sid !== 'string' || sid === '') {
      throw new DeviceError('BAD_RESPONSE', `${what}: no SessionID in the reply`, true);
    }
    this.borrowing = false;
    try {
      return await fn(sid);
    } finally {
      await this.logoff(sid);
    }
  }

  /** Uses the session another client opened, as pyasic does; never logs it off. */
  private async borrow<T>(fn: (sessionId: string) => Promise<T>, refusal: string): Promise<T> {
    const what = `${this.client.endpoint} session`;
    const reply = await this.client.request('session');
    const sid = reply.sections.SESSION?.[0]?.SessionID;
    if (typeof sid !== 'string' || sid === '') {
      throw new DeviceError(
        'REFUSED',
        `${this.client.endpoint} logon: another LuxOS session is active (${refusal}) and \`session\` gives no id to share; will retry later`,
        true,
      );
    }
    if (!this.borrowing)
      this.deps.logger.info(
        { miner: this.deps.minerId },
        'another client holds the LuxOS session; hashheat uses it (as pyasic does) and leaves it open',
      );
    this.borrowing = true;
    try {
      return await fn(sid);
    } catch (error) {
      if (error instanceof DeviceError && /session/i.test(error.message)) {
        throw new DeviceError(
          'REFUSED',
          `${what}: the session of the other client ended while hashheat used it (${error.message}); will retry`,
          true,
          { cause: error },
        );
      }
      throw error;
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
