import { NON_NUMERIC_CLASSES } from './ha-rules.js';
import type { Report } from './platform-rules.js';

/** A `json_attributes_topic` payload: a JSON object, small enough for the recorder (≈ 16 KiB). */
export function checkAttributesPayload(text: string, report: Report): void {
  // An empty payload clears a removed device's retained topic; HA ignores it.
  if (text.length === 0) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    report('state.attributes', 'E', 'json_attributes payload is not a JSON object');
  if (Buffer.byteLength(text) > 16 * 1024) report('state.attributes-size', 'P', 'attributes over 16 KiB');
}

/**
 * A state payload against the entity reading it: ≤ 255 characters; a number (or `None`) where HA
 * expects one; one of the options for selects and enum sensors; ON/OFF (or `None`) for switches and
 * binary sensors. An empty payload is ignored by HA (and used by us to clear a removed device).
 */
export function checkStatePayload(
  platform: string,
  config: Record<string, unknown>,
  text: string,
  report: Report,
): void {
  if (text.length === 0) return;
  if ([...text].length > 255) report('state.length', 'E', 'state longer than 255 characters');
  const dc = config.device_class as string | undefined;
  const numeric =
    platform === 'number' ||
    (platform === 'sensor' &&
      ((dc !== undefined && !NON_NUMERIC_CLASSES.has(dc)) ||
        'state_class' in config ||
        'unit_of_measurement' in config ||
        'suggested_display_precision' in config));
  if (numeric && text !== 'None' && !Number.isFinite(Number(text)))
    report('state.numeric', 'E', `${platform} expects a number, got ${JSON.stringify(text)}`);
  if ((platform === 'select' || dc === 'enum') && !(config.options as string[]).includes(text))
    report('state.option', 'E', `${JSON.stringify(text)} is not one of the options`);
  if (platform === 'switch' || platform === 'binary_sensor') {
    const on = (config.state_on ?? config.payload_on ?? 'ON') as string;
    const off = (config.state_off ?? config.payload_off ?? 'OFF') as string;
    if (![on, off, 'None'].includes(text))
      report('state.on-off', 'E', `expected ${on} or ${off}, got ${text}`);
  }
}
