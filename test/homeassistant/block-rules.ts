import {
  AVAILABILITY_ABBREVIATIONS,
  AVAILABILITY_KEYS,
  DEVICE_ABBREVIATIONS,
  DEVICE_KEYS,
  ORIGIN_ABBREVIATIONS,
  ORIGIN_KEYS,
} from './ha-rules.js';
import type { Report } from './platform-rules.js';

/** A discovery payload object. */
export type Obj = Record<string, unknown>;

/** A plain JSON object. */
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** HA's object id rule: [a-z0-9_], no leading, trailing or double `_`. */
export const ENTITY_ID = /^(?!.*__)[a-z0-9]+(_[a-z0-9]+)*$/;

/** Expands abbreviated keys like HA does, reporting abbreviations (W) and keys given in both forms (P). */
export function expand(obj: Obj, table: Record<string, string>, where: string, report: Report): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(obj)) {
    const full = table[key];
    if (full && full !== key) {
      if (full in obj) report('payload.both-forms', 'P', `${where}: "${key}" and "${full}" both given`);
      else report('payload.abbreviated', 'W', `${where}: abbreviated key "${key}" (prefer "${full}")`);
      if (!(full in obj)) out[full] = value;
    } else out[key] = value;
  }
  return out;
}

/** A valid MQTT topic to publish to or subscribe on: non-empty, ≤ 65 535 bytes, no control chars or non-characters. */
export function topicProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'not a non-empty string';
  if (Buffer.byteLength(value, 'utf8') > 65_535) return 'longer than 65 535 bytes';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return 'contains a control character';
    if ((c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) === 0xfffe) return 'contains a Unicode non-character';
  }
  return undefined;
}

/** An http(s) URL (or another listed scheme). */
export function isHttpUrl(value: unknown, extra: string[] = []): boolean {
  return (
    typeof value === 'string' &&
    new RegExp(`^(https?${extra.map((e) => `|${e}`).join('')})://\\S+$`).test(value)
  );
}

/** The origin block: a name, and only name, sw_version, support_url (an http(s) URL). */
export function checkOrigin(value: unknown, report: Report): void {
  if (!isObj(value)) {
    report('origin.object', 'E', 'origin is not an object');
    return;
  }
  const origin = expand(value, ORIGIN_ABBREVIATIONS, 'origin', report);
  if (typeof origin.name !== 'string' || !origin.name)
    report('origin.name', 'E', 'origin.name must be a string');
  for (const key of Object.keys(origin))
    if (!ORIGIN_KEYS.has(key)) report('origin.keys', 'E', `origin key "${key}" not allowed`);
  if ('support_url' in origin && !isHttpUrl(origin.support_url))
    report('origin.support-url', 'E', 'support_url is not an http(s) URL');
}

/** The device block: allowed keys, an identity, a name, via_device the agent, entity names not repeating it. */
export function checkDevice(value: unknown, name: unknown, agent: string | undefined, report: Report): void {
  if (!isObj(value)) {
    report('device.object', 'E', 'device block missing or not an object');
    return;
  }
  const device = expand(value, DEVICE_ABBREVIATIONS, 'device', report);
  for (const key of Object.keys(device))
    if (!DEVICE_KEYS.has(key)) report('device.keys', 'E', `device key "${key}" not allowed`);
  const ids = typeof device.identifiers === 'string' ? [device.identifiers] : device.identifiers;
  const idList = Array.isArray(ids) ? ids.filter((i) => typeof i === 'string' && i) : [];
  const connections = Array.isArray(device.connections) ? device.connections : [];
  if (idList.length === 0 && connections.length === 0)
    report('device.identity', 'E', 'no identifiers or connections');
  for (const c of connections)
    if (!Array.isArray(c) || c.length !== 2 || c.some((x) => typeof x !== 'string'))
      report('device.connections', 'E', 'connections must be [type, value] string pairs');
  if ('configuration_url' in device && !isHttpUrl(device.configuration_url, ['homeassistant']))
    report('device.configuration-url', 'E', 'configuration_url is not http(s) or homeassistant://');
  if (typeof device.name !== 'string' || !device.name) report('device.name', 'P', 'device.name missing');
  if (agent && !idList.includes(agent) && device.via_device !== agent)
    report('device.via-device', 'P', `via_device is not the agent device ${agent}`);
  if (typeof name === 'string' && typeof device.name === 'string' && device.name) {
    if (name.toLowerCase().startsWith(device.name.toLowerCase()))
      report('name.repeats-device', 'P', `entity name "${name}" repeats the device name`);
  }
}

/** availability / availability_topic / availability_mode; each item's topic goes to `onTopic`. */
export function checkAvailability(
  cfg: Obj,
  report: Report,
  where: string,
  onTopic: (topic: string, key: string) => void,
): void {
  if ('availability' in cfg && 'availability_topic' in cfg)
    report('availability.exclusive', 'E', `${where}: availability and availability_topic both given`);
  if ('availability_mode' in cfg && !['all', 'any', 'latest'].includes(cfg.availability_mode as string))
    report('availability.mode', 'E', `${where}: availability_mode must be all, any or latest`);
  if (!('availability' in cfg)) return;
  if (!Array.isArray(cfg.availability)) {
    report('availability.list', 'E', `${where}: availability is not a list`);
    return;
  }
  for (const raw of cfg.availability) {
    if (!isObj(raw)) {
      report('availability.item', 'E', `${where}: availability item is not an object`);
      continue;
    }
    const item = expand(raw, AVAILABILITY_ABBREVIATIONS, `${where}.availability`, report);
    for (const key of Object.keys(item))
      if (!AVAILABILITY_KEYS.has(key))
        report('availability.item-keys', 'E', `${where}: availability key "${key}"`);
    const problem = topicProblem(item.topic);
    if (problem) report('availability.topic', 'E', `${where}: availability topic ${problem}`);
    else onTopic(item.topic as string, `${where}.availability.topic`);
  }
}
