import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../src/present/colouring';
import { ListPreferences } from '../../../src/ui/packet-list/list-preferences.svelte';

/** localStorage's two calls, over a Map. */
function memoryStorage(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    map,
  };
}

describe('packet list preferences', () => {
  it("starts from Wireshark's defaults", () => {
    const prefs = new ListPreferences(memoryStorage());
    expect(prefs.timeFormat).toBe('relative');
    expect(prefs.rules.map((r) => r.name)).toEqual(DEFAULT_RULES.map((r) => r.name));
  });

  it('keeps what is set for the next start, one set for every capture', () => {
    const storage = memoryStorage();
    const prefs = new ListPreferences(storage);
    prefs.setTimeFormat('delta');
    prefs.setRules([{ ...DEFAULT_RULES[0], enabled: false }]);
    const next = new ListPreferences(storage);
    expect(next.timeFormat).toBe('delta');
    expect(next.rules).toEqual([{ ...DEFAULT_RULES[0], enabled: false }]);
  });

  it('ignores stored values it cannot use', () => {
    const prefs = new ListPreferences(
      memoryStorage({ 'loupe.time-format': '"sometime"', 'loupe.colouring-rules': '{not json' }),
    );
    expect(prefs.timeFormat).toBe('relative');
    expect(prefs.rules.length).toBe(DEFAULT_RULES.length);
  });
});
