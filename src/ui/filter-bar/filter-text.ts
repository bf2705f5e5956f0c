import { allFields, fieldById, fieldId } from '../../fields/registry';
import { compileFilter, FilterError } from '../../filter';
import { CONVERSATION_ALIASES } from '../../filter/aliases';

/**
 * What the filter box shows as you type, as Wireshark colours it: green when the filter is valid, red when it is
 * refused (with the compiler's message and the span it is about), yellow when it is accepted but spelled with
 * names Wireshark would not use (Message Analyzer and Network Monitor aliases), with the Wireshark spelling.
 */
export type FilterCheck =
  | { state: 'empty' }
  | { state: 'valid' }
  | { state: 'alias'; canonical: string }
  | { state: 'invalid'; message: string; start: number; length: number };

export function checkFilter(text: string): FilterCheck {
  if (text.trim() === '') return { state: 'empty' };
  try {
    const { canonical } = compileFilter(text);
    return canonical === text ? { state: 'valid' } : { state: 'alias', canonical };
  } catch (e) {
    if (e instanceof FilterError) return { state: 'invalid', message: e.message, start: e.start, length: e.length };
    throw e;
  }
}

/** Registry names, and Message Analyzer's conversation filters (conversation.ip...) beside them. */
const FIELD_NAMES = [...allFields().map((f) => f.name), ...Object.keys(CONVERSATION_ALIASES)].sort();

/**
 * Field names completing the word that ends at `caret`, as whole filter texts (the box's suggestions replace
 * its value). Only once a letter is typed; at most `limit`.
 */
export function completions(text: string, caret: number, limit = 30): string[] {
  const values = valueCompletions(text, caret, limit);
  if (values) return values;
  const word = /[A-Za-z_][\w.-]*$/.exec(text.slice(0, caret))?.[0];
  if (!word) return [];
  const before = text.slice(0, caret - word.length);
  const after = text.slice(caret);
  const lower = word.toLowerCase();
  return FIELD_NAMES.filter((name) => name.startsWith(lower) && name !== lower)
    .slice(0, limit)
    .map((name) => before + name + after);
}

/**
 * After "field ==" (or !=, eq, ne) with value names in the registry, the names starting with what is typed
 * (quoted, as the filter language wants names with spaces); undefined when the caret is not at such a value.
 */
function valueCompletions(text: string, caret: number, limit: number): string[] | undefined {
  const m = /([A-Za-z_][\w.-]*)\s*(?:==|!=|\beq|\bne)\s*(?:(")([^"]*)|([^"\s]*))$/.exec(text.slice(0, caret));
  const def = m && fieldById(fieldId(m[1]) ?? -1);
  const names = def?.values ? Object.values(def.values) : def?.boolLabels;
  if (!m || !names) return undefined;
  const typed = m[2] ? m[3] : m[4];
  if (!m[2] && /^\d/.test(typed)) return undefined;
  const before = text.slice(0, caret - (m[2] ? typed.length + 1 : typed.length));
  const after = text.slice(caret).replace(/^"/, '');
  return [...new Set(names)]
    .filter((name) => name.toLowerCase().startsWith(typed.toLowerCase()))
    .slice(0, limit)
    .map((name) => `${before}"${name}"${after}`);
}

/** Applied filters, newest first, without repeats; kept by the given storage (localStorage in the app). */
export class FilterHistory {
  private static readonly KEY = 'loupe.filter-history';
  private static readonly MAX = 30;
  entries: string[];

  constructor(private readonly storage?: Pick<Storage, 'getItem' | 'setItem'>) {
    let saved: unknown;
    try {
      saved = JSON.parse(storage?.getItem(FilterHistory.KEY) ?? '[]');
    } catch {
      saved = [];
    }
    this.entries = Array.isArray(saved) ? saved.filter((e): e is string => typeof e === 'string') : [];
  }

  remember(text: string): void {
    if (text.trim() === '') return;
    this.entries = [text, ...this.entries.filter((e) => e !== text)].slice(0, FilterHistory.MAX);
    this.storage?.setItem(FilterHistory.KEY, JSON.stringify(this.entries));
  }
}
