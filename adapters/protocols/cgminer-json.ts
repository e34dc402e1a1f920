/** A parsed cgminer JSON reply and the firmware quirks that had to be repaired to read it. */
export interface LenientJson {
  value: unknown;
  /** Names of the repairs applied (empty for well-formed JSON). */
  fixes: string[];
  /** The reply was cut short (id 0, or closed mid-object) and has been closed after its last complete value. */
  truncated: boolean;
}

interface Repair {
  name: string;
  apply(text: string): string;
}

// Each repair targets one malformed-JSON quirk seen on real firmwares (reference miners.md §1.6,
// as patched by pyasic `_load_api_data`). They only run when strict parsing fails.
const REPAIRS: Repair[] = [
  // btminer: a trailing comma before a closing brace or bracket.
  { name: 'trailing-comma', apply: (t) => t.replace(/,\s*([}\]])/g, '$1') },
  // btminer: raw newlines (also inside strings, where JSON forbids them).
  { name: 'raw-newline', apply: (t) => t.replace(/[\r\n]+/g, '') },
  // bmminer: two objects without the comma between them.
  { name: 'missing-comma-objects', apply: (t) => t.replace(/}\s*{/g, '},{') },
  // bmminer: an array that starts with a comma.
  { name: 'leading-comma-array', apply: (t) => t.replace(/\[\s*,\s*{/g, '[{') },
  // btminer 2023-01-06: a string value directly followed by the next key (`"x""temp0":`).
  { name: 'missing-comma-keys', apply: (t) => t.replace(/""(?=[A-Za-z_][\w ]*":)/g, '","') },
  // Avalon: printf'd floats `inf` / `nan` as bare values; unknown, never zero.
  { name: 'bare-inf-nan', apply: (t) => t.replace(/:\s*-?(?:inf|nan)\b/gi, ':null') },
  // Avalon: a reply that starts with `,"id":1}` (its head was lost).
  { name: 'leading-comma', apply: (t) => (t.startsWith(',') ? `{${t.slice(1)}` : t) },
];

/** Strips what follows the JSON text: the NUL terminator (cgminer sends `len + 1` bytes) and whitespace. */
export function stripTerminator(text: string): string {
  return text.replace(/^[\s\0]+|[\s\0]+$/g, '');
}

/** Closes a reply cut short mid-object after its last complete value (btminer buffer overflows). */
export function closeTruncated(text: string): string | undefined {
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  let cut: { at: number; closers: string } | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') stack.push('}');
    else if (c === '[') stack.push(']');
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && stack.length > 0) cut = { at: i, closers: [...stack].reverse().join('') };
  }
  if (stack.length === 0 || !cut) return undefined;
  return text.slice(0, cut.at) + cut.closers;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * Parses a cgminer-family JSON reply, repairing the known firmware quirks one by one. Throws a
 * SyntaxError naming the start of the text when nothing helps (the caller maps it to BAD_RESPONSE).
 */
export function parseCgminerJson(raw: string): LenientJson {
  let text = stripTerminator(raw);
  const strict = tryParse(text);
  if (strict.ok) return { value: strict.value, fixes: [], truncated: isTruncatedId(strict.value) };
  const fixes: string[] = [];
  for (const repair of REPAIRS) {
    const next = repair.apply(text);
    if (next !== text) fixes.push(repair.name);
    text = next;
  }
  const repaired = tryParse(text);
  if (repaired.ok) return { value: repaired.value, fixes, truncated: isTruncatedId(repaired.value) };
  const closed = text.startsWith('{') ? closeTruncated(text) : undefined;
  const last = closed === undefined ? undefined : tryParse(closed);
  if (last?.ok) return { value: last.value, fixes: [...fixes, 'truncated'], truncated: true };
  const head = raw.slice(0, 60).replace(/[^\x20-\x7e]/g, '.');
  throw new SyntaxError(`not JSON (${head || 'empty'})`);
}

// cgminer sets `"id":0` when its output buffer overflowed (api.c JSON4_TRUNCATED).
function isTruncatedId(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { id?: unknown }).id === 0;
}
