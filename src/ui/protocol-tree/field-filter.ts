import { fieldById, fieldId } from '../../fields/registry';
import type { FieldType } from '../../fields/types';

/** A protocol tree field as the filter actions see it: its registry name and its value as tshark -T fields prints it. */
export interface FieldValue {
  name: string;
  /** Its type; looked up in the registry when absent (application fields are known to the worker only, which sends it). */
  type?: FieldType;
  /** Undefined for a protocol or a field without a value (Wireshark's FT_NONE). */
  value?: string;
}

const NAMED_ESCAPES: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\t': '\\t' };

/** A string literal of the display filter language: quotes and backslashes escaped, control bytes as \r, \n, \t or \xNN. */
export function quoteString(s: string): string {
  const escaped = s
    .replace(/[\\"]/g, (c) => '\\' + c)
    .replace(/[\x00-\x1f\x7f]/g, (c) => NAMED_ESCAPES[c] ?? '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
  return `"${escaped}"`;
}

/** `aabbcc` (as tshark prints bytes) in the filter language's byte-string form, `aa:bb:cc`. */
const byteString = (hex: string) => hex.match(/../g)?.join(':') ?? hex;

/**
 * The display filter that selects packets with this field and value, as Wireshark's "Apply as Filter" builds
 * it: `ip.src == 10.0.0.1`, `tcp.flags.syn == 1`, `http.host == "x"`; the bare name for a protocol or a field
 * without a value. Undefined for tree lines that are no field (text-only lines).
 */
export function fieldFilter(field: FieldValue): string | undefined {
  if (!field.name) return undefined;
  const id = fieldId(field.name);
  const type = field.type ?? (id === undefined ? undefined : fieldById(id)?.type);
  if (!type) return undefined;
  const def = { name: field.name, type };
  const value = field.value;
  if (def.type === 'protocol' || def.type === 'none' || value === undefined) return def.name;
  if (def.type === 'string') return `${def.name} == ${quoteString(value)}`;
  if (def.type === 'bytes') return value === '' ? def.name : `${def.name} == ${byteString(value)}`;
  // Every occurrence tshark prints is joined by ','; one tree line holds one.
  if (def.type === 'expert' || def.type === 'expert-message') return def.name;
  return `${def.name} == ${value}`;
}
