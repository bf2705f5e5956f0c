/** A filter the analyst keeps as a button of the filter bar, as Wireshark's filter buttons. */
export interface SavedFilter {
  label: string;
  filter: string;
}

type Store = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * The saved filter buttons, in the order they were made, kept by the given storage (localStorage in the app, like
 * the filter history: they belong to the analyst, not to one capture). A label names one button: saving under a
 * label that exists replaces its filter.
 */
export class SavedFilters {
  private static readonly KEY = 'loupe.saved-filters';
  entries = $state.raw<SavedFilter[]>([]);

  constructor(private readonly storage?: Store) {
    let saved: unknown;
    try {
      saved = JSON.parse(storage?.getItem(SavedFilters.KEY) ?? '[]');
    } catch {
      saved = [];
    }
    this.entries = Array.isArray(saved) ? saved.filter(isSavedFilter) : [];
  }

  save(label: string, filter: string): void {
    const name = label.trim() || filter.trim();
    if (!name || !filter.trim()) return;
    const at = this.entries.findIndex((e) => e.label === name);
    const entry = { label: name, filter: filter.trim() };
    this.entries = at >= 0 ? this.entries.map((e, i) => (i === at ? entry : e)) : [...this.entries, entry];
    this.persist();
  }

  remove(label: string): void {
    this.entries = this.entries.filter((e) => e.label !== label);
    this.persist();
  }

  private persist(): void {
    this.storage?.setItem(SavedFilters.KEY, JSON.stringify(this.entries));
  }
}

function isSavedFilter(e: unknown): e is SavedFilter {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as SavedFilter).label === 'string' &&
    typeof (e as SavedFilter).filter === 'string'
  );
}

/** The app's one set: every tab's filter bar shows the same buttons. */
export const savedFilters = new SavedFilters(globalThis.localStorage);
