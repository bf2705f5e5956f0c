import { parseRules, type ColourRule } from '../../present/colouring';
import { isTimeFormat, type TimeFormat } from '../../present/time-format';

const TIME_FORMAT_KEY = 'loupe.time-format';
const RULES_KEY = 'loupe.colouring-rules';

function load<T>(storage: Pick<Storage, 'getItem'> | undefined, key: string): T | undefined {
  try {
    const text = storage?.getItem(key);
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The packet list's preferences, one set for every open capture as in Wireshark: the time format and the
 * colouring rules, kept in localStorage.
 */
export class ListPreferences {
  timeFormat = $state<TimeFormat>('relative');
  rules = $state.raw<ColourRule[]>([]);

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage) {
    const format = load<unknown>(storage, TIME_FORMAT_KEY);
    if (isTimeFormat(format)) this.timeFormat = format;
    this.rules = parseRules(load<unknown>(storage, RULES_KEY));
  }

  setTimeFormat(format: TimeFormat): void {
    this.timeFormat = format;
    this.storage?.setItem(TIME_FORMAT_KEY, JSON.stringify(format));
  }

  setRules(rules: ColourRule[]): void {
    this.rules = rules;
    this.storage?.setItem(RULES_KEY, JSON.stringify(rules));
  }
}
