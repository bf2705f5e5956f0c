import { describe, expect, it } from 'vitest';
import { SavedFilters } from '../../../src/ui/filter-bar/saved-filters.svelte';

const memory = (initial?: string) => {
  const data = new Map<string, string>(initial === undefined ? [] : [['loupe.saved-filters', initial]]);
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
};

describe('saved filter buttons', () => {
  it('keeps buttons in the order they were made, replaces one saved again under its label, and removes', () => {
    const storage = memory();
    const saved = new SavedFilters(storage);
    saved.save('Resets', 'tcp.flags.reset == 1');
    saved.save('', 'dns');
    saved.save('Resets', 'tcp.flags.reset == 1 && !arp');
    expect(saved.entries).toEqual([
      { label: 'Resets', filter: 'tcp.flags.reset == 1 && !arp' },
      { label: 'dns', filter: 'dns' },
    ]);
    expect(new SavedFilters(storage).entries).toEqual(saved.entries);
    saved.remove('dns');
    expect(new SavedFilters(storage).entries.map((e) => e.label)).toEqual(['Resets']);
  });

  it('ignores an empty filter and whatever in storage is not a saved filter', () => {
    const saved = new SavedFilters(memory('[{"label":"ok","filter":"tcp"},{"label":3},"x"]'));
    saved.save('nothing', '  ');
    expect(saved.entries).toEqual([{ label: 'ok', filter: 'tcp' }]);
    expect(new SavedFilters(memory('{broken')).entries).toEqual([]);
  });
});
