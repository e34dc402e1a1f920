import { Document, isScalar, visit } from 'yaml';
import type { ConfigSuggestion, ProbeResult } from '../../adapters/plugin.js';

/** The id every suggested entry gets; the user renames it. */
export const SUGGESTED_ID = 'my-miner';

/**
 * The entry for a family without its own `suggestConfig`: `host` and `port` from the URL (the form
 * cgminer-API families take), and a note for running levels whose power the device did not report.
 */
export function genericSuggestion(result: ProbeResult, url: URL): ConfigSuggestion {
  const fields: Record<string, unknown> = { type: result.info.family, host: url.hostname };
  if (url.port) fields.port = Number(url.port);
  const unknownPower = result.levels.filter((l) => l.id !== 'off' && l.powerW === 0);
  if (unknownPower.length === 0) return { fields };
  const list = unknownPower.map((l) => `{ id: ${l.id}, powerW: <measured W>, ths: ${l.ths} }`).join(', ');
  return { fields, notes: [`the device does not report power: measure it and add  levels: [${list}]`] };
}

/** The suggested `miners:` entry as data (`--json`): the id first, then the family's fields. */
export function suggestedEntry(suggestion: ConfigSuggestion): Record<string, unknown> {
  return { id: SUGGESTED_ID, ...suggestion.fields };
}

/**
 * The entry as one YAML flow line under `miners:`, then its notes as comments. Strings with a `:`
 * (`host: "10.0.0.5:8080"`) are quoted so nobody reads them as a key; `${ENV}` secrets stay references.
 */
export function renderSuggestion(suggestion: ConfigSuggestion): string {
  const doc = new Document(suggestedEntry(suggestion));
  visit(doc, {
    Scalar(key, node) {
      if (key === 'value' && isScalar(node) && typeof node.value === 'string' && /[:$]/.test(node.value))
        node.type = 'QUOTE_DOUBLE';
    },
  });
  const line = doc.toString({ collectionStyle: 'flow', lineWidth: 0 }).trim();
  const notes = (suggestion.notes ?? []).map((note) => `    # ${note}`);
  return [`  - ${line}`, ...notes].join('\n');
}
