import { describe, expect, it } from 'vitest';
import {
  TabList,
  withActivated,
  withClosed,
  withOpened,
  withStepped,
  type TabsState,
} from '../../../src/ui/capture/tabs.svelte';

interface Item {
  id: number;
  disposed: boolean;
  dispose(): void;
}
const item = (id: number): Item => ({
  id,
  disposed: false,
  dispose() {
    this.disposed = true;
  },
});
const state = (ids: number[], active: number | undefined): TabsState<{ id: number }> => ({
  tabs: ids.map((id) => ({ id })),
  active,
});
const ids = (s: TabsState<{ id: number }>) => ({ tabs: s.tabs.map((t) => t.id), active: s.active });

describe('capture tabs', () => {
  it('opens a tab last in the strip and shows it', () => {
    expect(ids(withOpened(state([], undefined), { id: 7 }))).toEqual({ tabs: [7], active: 7 });
    expect(ids(withOpened(state([1, 2], 1), { id: 3 }))).toEqual({ tabs: [1, 2, 3], active: 3 });
  });

  it('shows the right-hand neighbour when the shown tab closes, the left-hand one at the end', () => {
    expect(ids(withClosed(state([1, 2, 3], 2), 2))).toEqual({ tabs: [1, 3], active: 3 });
    expect(ids(withClosed(state([1, 2, 3], 3), 3))).toEqual({ tabs: [1, 2], active: 2 });
    expect(ids(withClosed(state([1], 1), 1))).toEqual({ tabs: [], active: undefined });
  });

  it('leaves the shown tab shown when another one closes, and ignores unknown ids', () => {
    expect(ids(withClosed(state([1, 2, 3], 3), 1))).toEqual({ tabs: [2, 3], active: 3 });
    expect(ids(withClosed(state([1, 2], 1), 9))).toEqual({ tabs: [1, 2], active: 1 });
    expect(ids(withActivated(state([1, 2], 1), 9))).toEqual({ tabs: [1, 2], active: 1 });
    expect(ids(withActivated(state([1, 2], 1), 2))).toEqual({ tabs: [1, 2], active: 2 });
  });

  it('steps to the next and previous tab, wrapping around the ends', () => {
    expect(withStepped(state([1, 2, 3], 1), 1).active).toBe(2);
    expect(withStepped(state([1, 2, 3], 3), 1).active).toBe(1);
    expect(withStepped(state([1, 2, 3], 1), -1).active).toBe(3);
    expect(withStepped(state([1, 2, 3], 2), -1).active).toBe(1);
    expect(withStepped(state([4], 4), 1).active).toBe(4);
    expect(withStepped(state([], undefined), 1).active).toBeUndefined();
  });

  it('keeps the list and the shown item together, and disposes of an item only when its tab closes', () => {
    const tabs = new TabList<Item>();
    const [a, b, c] = [item(1), item(2), item(3)];
    expect(tabs.active).toBeUndefined();
    tabs.open(a);
    tabs.open(b);
    tabs.open(c);
    expect(tabs.active).toBe(c);
    tabs.next();
    expect(tabs.active).toBe(a);
    tabs.previous();
    tabs.previous();
    expect(tabs.active).toBe(b);
    tabs.activate(a.id);
    tabs.close(b.id);
    expect([a.disposed, b.disposed, c.disposed]).toEqual([false, true, false]);
    expect(tabs.tabs).toEqual([a, c]);
    expect(tabs.active).toBe(a);
    tabs.close(a.id);
    expect(tabs.active).toBe(c);
    tabs.close(c.id);
    expect(tabs.active).toBeUndefined();
    expect([a.disposed, c.disposed]).toEqual([true, true]);
    // Closing it again disposes of nothing twice.
    c.disposed = false;
    tabs.close(c.id);
    expect(c.disposed).toBe(false);
  });
});
