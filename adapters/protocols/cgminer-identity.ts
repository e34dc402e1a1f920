import type { MinerInfo } from '../../src/ports.js';
import type { CgminerReply } from './cgminer-reply.js';

/** Which firmware family answered a cgminer-API `version` (several speak the same protocol on 4028). */
export type CgminerKind = 'avalon' | 'braiins' | 'luxos' | 'whatsminer' | 'antminer' | 'cgminer';

/** What a `version` reply says about the device. */
export interface CgminerIdentity {
  kind: CgminerKind;
  model?: string;
  firmware?: string;
  serial?: string;
  /** STATUS Description, e.g. `cgminer 4.11.1`. */
  description?: string;
}

function text(row: Record<string, unknown>, key: string): string | undefined {
  const value = row[key];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function kindOf(row: Record<string, unknown>, description: string): CgminerKind {
  const all = `${description} ${Object.keys(row).join(' ')} ${Object.values(row).join(' ')}`;
  // Canaan: PROD "Avalon Nano3s" / "Avalon Q", SWTYPE MM3xx (reference miners.md §2.1).
  if (/avalon/i.test(text(row, 'PROD') ?? '') || /^MM3/.test(text(row, 'SWTYPE') ?? '')) return 'avalon';
  if (/bosminer|boser|braiins/i.test(all)) return 'braiins';
  if (/luxminer/i.test(all)) return 'luxos';
  if (/btminer|whatsminer/i.test(all)) return 'whatsminer';
  if (/bmminer|antminer/i.test(all)) return 'antminer';
  return 'cgminer';
}

/** Reads family, model, firmware and serial from a `version` reply (fields differ per vendor). */
export function identify(version: CgminerReply): CgminerIdentity {
  const row = version.sections.VERSION?.[0] ?? {};
  const description = version.status.Description ?? '';
  const identity: CgminerIdentity = { kind: kindOf(row, description) };
  const model = text(row, 'PROD') ?? text(row, 'Type') ?? text(row, 'MODEL') ?? text(row, 'Miner');
  if (model) identity.model = model;
  const build = text(row, 'LVERSION') ?? text(row, 'CompileTime') ?? text(row, 'Firmware');
  const engine =
    description ||
    ['CGMiner', 'BMMiner', 'BOSminer', 'LUXminer']
      .map((k) => (text(row, k) ? `${k} ${text(row, k)}` : ''))
      .find(Boolean);
  const firmware = [build, engine && build ? `(${engine})` : engine].filter(Boolean).join(' ');
  if (firmware) identity.firmware = firmware;
  const serial = text(row, 'MAC') ?? text(row, 'DNA');
  if (serial) identity.serial = serial;
  if (description) identity.description = description;
  return identity;
}

/** The identity as the port's MinerInfo (for `describe()` and `hashheat probe`). */
export function minerInfo(family: string, identity: CgminerIdentity, fallbackModel: string): MinerInfo {
  return {
    family,
    model: identity.model ?? fallbackModel,
    ...(identity.firmware ? { firmware: identity.firmware } : {}),
    ...(identity.serial ? { serial: identity.serial } : {}),
  };
}
