import { protocolCatalog, type ProtocolEntry } from '../dissectors/catalog';

/** The protocol list (the app's Protocols view): every dissector the worker registered, computed once. */
export class ProtocolList {
  private entries?: ProtocolEntry[];

  async protocols(): Promise<ProtocolEntry[]> {
    return (this.entries ??= protocolCatalog());
  }
}
