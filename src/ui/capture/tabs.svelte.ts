/** Something shown in a tab: known by its id, and disposed of (its worker ended) when its tab closes. */
export interface TabItem {
  readonly id: number;
  dispose(): void;
}

/** The open tabs in strip order and the id of the one shown (undefined when none is open). */
export interface TabsState<T extends { id: number }> {
  readonly tabs: readonly T[];
  readonly active: number | undefined;
}

/** A new tab goes last in the strip and is shown at once. */
export function withOpened<T extends { id: number }>(state: TabsState<T>, tab: T): TabsState<T> {
  return { tabs: [...state.tabs, tab], active: tab.id };
}

/**
 * Without tab `id`. Closing the shown tab shows its right-hand neighbour, or its left-hand one when it was last
 * (as browsers do); closing another tab leaves the shown one alone.
 */
export function withClosed<T extends { id: number }>(state: TabsState<T>, id: number): TabsState<T> {
  const at = state.tabs.findIndex((t) => t.id === id);
  if (at < 0) return state;
  const tabs = state.tabs.filter((t) => t.id !== id);
  if (state.active !== id) return { tabs, active: state.active };
  return { tabs, active: (tabs[at] ?? tabs[at - 1])?.id };
}

export function withActivated<T extends { id: number }>(state: TabsState<T>, id: number): TabsState<T> {
  return state.tabs.some((t) => t.id === id) ? { tabs: state.tabs, active: id } : state;
}

/** The tab `step` places right (positive) or left of the shown one, wrapping around the ends. */
export function withStepped<T extends { id: number }>(state: TabsState<T>, step: number): TabsState<T> {
  const n = state.tabs.length;
  if (n === 0) return state;
  const at = Math.max(
    0,
    state.tabs.findIndex((t) => t.id === state.active),
  );
  return { tabs: state.tabs, active: state.tabs[(((at + step) % n) + n) % n].id };
}

/** The open tabs, reactive: what the tab strip lists and which capture the app shows. */
export class TabList<T extends TabItem> {
  tabs = $state.raw<readonly T[]>([]);
  activeId = $state<number>();
  /** The shown tab's item. */
  readonly active = $derived(this.tabs.find((t) => t.id === this.activeId));

  open(tab: T): T {
    this.set(withOpened(this.state, tab));
    return tab;
  }

  /** Closes tab `id` and disposes of its item, so nothing it held (a worker) outlives the tab. */
  close(id: number): void {
    const tab = this.tabs.find((t) => t.id === id);
    if (!tab) return;
    this.set(withClosed(this.state, id));
    tab.dispose();
  }

  activate(id: number): void {
    this.set(withActivated(this.state, id));
  }

  next(): void {
    this.set(withStepped(this.state, 1));
  }

  previous(): void {
    this.set(withStepped(this.state, -1));
  }

  private get state(): TabsState<T> {
    return { tabs: this.tabs, active: this.activeId };
  }

  private set({ tabs, active }: TabsState<T>): void {
    this.tabs = tabs;
    this.activeId = active;
  }
}
