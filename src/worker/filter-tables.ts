import { compileFilter, FilterError } from '../filter';
import { loadTablesForFields } from '../vendors/load';

/** Loads the vendor tables a display filter's fields need (a filter that does not compile needs none). */
export async function loadTablesForFilter(text: string): Promise<void> {
  let ids: readonly number[] = [];
  try {
    ids = text.trim() ? compileFilter(text).fieldIds : [];
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
  }
  await loadTablesForFields(ids);
}
