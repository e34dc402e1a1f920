/**
 * The cgminer text form: requests `command|parameter`, replies `STATUS=S,Code=11,...|SUMMARY,Elapsed=5,...|`,
 * multi-command replies prefixed `CMD=name|`. Only `API_ESCAPE` values have `|`, `,`, `=` and `\` escaped by
 * a backslash (API >= 1.7); every other string value is sent raw (cgminer api.c `print_data`).
 * Parsed into the same shape as the JSON form so callers never care which form was used.
 */

/** Section names of the JSON form for the common read commands (text rows after STATUS carry no name). */
const SECTION_OF: Record<string, string> = {
  summary: 'SUMMARY',
  devs: 'DEVS',
  edevs: 'DEVS',
  pools: 'POOLS',
  stats: 'STATS',
  estats: 'STATS',
  litestats: 'STATS',
  version: 'VERSION',
  config: 'CONFIG',
  devdetails: 'DEVDETAILS',
  check: 'CHECK',
  coin: 'COIN',
  lcd: 'LCD',
};

/** The JSON-form section a command's rows land in (`estats` → `STATS`). */
export function sectionOf(command: string): string {
  return SECTION_OF[command] ?? command.toUpperCase();
}

/** Splits at unescaped `separator`, keeping escapes so nested splits still see them. */
export function splitEscaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[i + 1];
      i++;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** Removes the backslash escapes of the text form. */
export function unescapeText(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** Escapes an `API_ESCAPE` value for the text form (emulators use it to write Msg, Description, pool URLs). */
export function escapeText(text: string): string {
  return text.replace(/[\\|,=]/g, (c) => `\\${c}`);
}

function typed(value: string): string | number {
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

/**
 * Splits a row at the commas between fields. cgminer escapes only `API_ESCAPE` values (Msg, Description,
 * pool URL/User); `api_add_string`/`api_add_const` values arrive raw (cgminer api.c `print_data`,
 * `escape_string`), so a raw comma inside `[...]` (Avalon `SYSTEMSTATU[Work: In Work, Hash Board: 1]`
 * in `MM ID0`, Canaan driver-avalon.c) belongs to its value. Brackets left open fall back to plain splitting.
 */
function splitFields(segment: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '\\' && i + 1 < segment.length) {
      current += c + segment[i + 1];
      i++;
      continue;
    }
    if (c === '[') depth += 1;
    else if (c === ']' && depth > 0) depth -= 1;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return depth === 0 ? parts : splitEscaped(segment, ',');
}

function fieldsOf(segment: string): { label?: string; row: Record<string, unknown> } {
  const entries: [string, string][] = [];
  let label: string | undefined;
  splitFields(segment).forEach((field, i) => {
    const [key, ...rest] = splitEscaped(field, '=');
    if (rest.length > 0) entries.push([key ?? '', rest.join('=')]);
    else if (i === 0) label = unescapeText(key ?? '');
    // A piece without `=` after the first is the rest of a raw value cut at its comma (`PROD=A, B`).
    else if (entries.length > 0) entries[entries.length - 1]![1] += `,${field}`;
  });
  const row: Record<string, unknown> = {};
  for (const [key, value] of entries) row[unescapeText(key)] = typed(unescapeText(value));
  return label === undefined ? { row } : { label, row };
}

/** Parses one command's text reply into the JSON shape `{STATUS:[...], SECTION:[...]}`. */
function parseSingle(segments: string[], command: string): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  let section = sectionOf(command);
  for (const segment of segments) {
    if (segment === '') continue;
    const { label, row } = fieldsOf(segment);
    if (label !== undefined) section = label;
    const name = 'STATUS' in row && out.STATUS === undefined ? 'STATUS' : section;
    if (Object.keys(row).length === 0) continue;
    const rows = out[name] ?? [];
    rows.push(row);
    out[name] = rows;
  }
  return out;
}

/**
 * Parses a text reply for `command` (joined commands `a+b` give `{a:[{...}], b:[{...}]}` like the
 * JSON form). Returns an object without STATUS when the text has none (the caller rejects it).
 */
export function parseTextReply(text: string, command: string): Record<string, unknown> {
  const segments = splitEscaped(text, '|');
  if (!command.includes('+')) return parseSingle(segments, command);
  const out: Record<string, unknown> = {};
  let name: string | undefined;
  let group: string[] = [];
  const flush = () => {
    if (name !== undefined) out[name] = [parseSingle(group, name)];
  };
  for (const segment of segments) {
    const cmd = /^CMD=(.*)$/.exec(segment);
    if (cmd) {
      flush();
      name = unescapeText(cmd[1] ?? '');
      group = [];
    } else group.push(segment);
  }
  flush();
  return out;
}
