import { DeviceError } from '../../../src/errors.js';
import type { Clock } from '../../../src/ports.js';
import type { CgminerClient } from '../../protocols/cgminer-client.js';
import { isSuccess } from '../../protocols/cgminer-reply.js';
import { type AvalonEstats, readEstats } from './avalon-estats.js';

/** The Avalon commands hashheat uses, over one cgminer client (reference miners.md §2.3). */
export interface AvalonDevice {
  /** `estats` → parsed `MM ID0` state. */
  read(): Promise<AvalonEstats>;
  /** Whether `ascset|0,help` lists `softoff` (asked once, then cached; transport errors are not cached). */
  hasSoftOff(): Promise<boolean>;
  /** The cached answer of `hasSoftOff`, if it was asked. */
  knownSoftOff(): boolean | undefined;
  /** `ascset|0,softoff|softon,1:<ts>` scheduled `leadS` after the device's own clock; returns its message. */
  softSwitch(kind: 'softoff' | 'softon', leadS: number): Promise<string>;
  /** `ascset|0,<workmode|worklevel>,set,<n>`; throws REFUSED while the device calibrates. */
  setMode(option: 'workmode' | 'worklevel', mode: number): Promise<void>;
}

/** Wraps a cgminer client with the Avalon `ascset` vocabulary. */
export function createAvalonDevice(client: CgminerClient, clock: Clock): AvalonDevice {
  let softOff: boolean | undefined;
  const what = (cmd: string) => `${client.endpoint} ${cmd}`;

  return {
    async read() {
      const reply = await client.command('estats');
      const estats = readEstats(reply.sections.STATS ?? [], what('estats'));
      return reply.status.When === undefined ? estats : { ...estats, whenS: reply.status.When };
    },

    knownSoftOff: () => softOff,

    async hasSoftOff() {
      if (softOff !== undefined) return softOff;
      // The Jan-2025 Nano 3S firmware has no softoff; the Q and A-series list it (§2.3: always probe help).
      const reply = await client.request('ascset', '0,help');
      if (isSuccess(reply.status)) {
        const list = (reply.status.Msg ?? '').replace(/^.*?set info:\s*/i, '').split('|');
        softOff = list.includes('softoff');
      } else if (reply.status.Code === 117 || /unknown option|not support/i.test(reply.status.Msg ?? '')) {
        softOff = false;
      } else {
        throw new DeviceError(
          'REFUSED',
          `${what('ascset|0,help')}: ${reply.status.Msg ?? reply.status.STATUS}`,
          true,
        );
      }
      return softOff;
    },

    async softSwitch(kind, leadS) {
      // Schedule against the device clock (STATUS.When of the last reply): Avalons without NTP count from boot.
      const nowS = client.lastWhenS() ?? Math.floor(clock.now() / 1000);
      const parameter = `0,${kind},1:${nowS + leadS}`;
      // Some firmwares close the connection without a reply to softon (asic-rs PR #223): the read-back decides.
      const reply =
        kind === 'softon'
          ? await client.commandOrSilence('ascset', parameter)
          : await client.command('ascset', parameter);
      return reply?.status.Msg ?? 'no reply (closed)';
    },

    async setMode(option, mode) {
      // `set,` is required; success is S/119 "set OK" (or an I/118 info text on some firmwares).
      await client.command('ascset', `0,${option},set,${mode}`);
    },
  };
}
