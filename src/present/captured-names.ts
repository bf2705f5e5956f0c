import { fieldId } from '../fields/registry';
import { ipv4, ipv6 } from '../fields/format';

/** What captured-name collection reads of a frame's application items (src/dissectors' FieldItem). */
export interface NameItem {
  id: number;
  value: unknown;
}

const ids = {
  respName: fieldId('dns.resp.name'),
  a: fieldId('dns.a'),
  aaaa: fieldId('dns.aaaa'),
  cname: fieldId('dns.cname'),
  ptr: fieldId('dns.ptr.domain_name'),
};

/**
 * Host names learnt from the DNS answers in a capture (Wireshark's "use captured DNS packet data for name
 * resolution"): an A or AAAA record names its address after the record's owner; a PTR record under in-addr.arpa
 * or ip6.arpa names the address it encodes; a CNAME chain lets an address also carry the name first asked for.
 * The first name learnt for an address wins, as Wireshark keeps it. Nothing is ever looked up.
 */
export class CapturedNames {
  readonly byAddress = new Map<string, string>();
  /** CNAME target → the name it is an alias of. */
  private readonly aliasOf = new Map<string, string>();

  /** Takes in one frame's application items (in tree order: each record's owner name comes before its data). */
  addFrame(items: readonly NameItem[]): void {
    if (ids.respName === undefined) return;
    let owner: string | undefined;
    for (const item of items) {
      if (item.id === ids.respName && typeof item.value === 'string') owner = item.value;
      else if (owner === undefined) continue;
      else if (item.id === ids.a && typeof item.value === 'number') this.learn(ipv4(item.value), owner);
      else if (item.id === ids.aaaa && item.value instanceof Uint8Array && item.value.length === 16)
        this.learn(ipv6(words(item.value)), owner);
      else if (item.id === ids.cname && typeof item.value === 'string') {
        if (!this.aliasOf.has(item.value)) this.aliasOf.set(item.value, owner);
      } else if (item.id === ids.ptr && typeof item.value === 'string') {
        const address = reverseAddress(owner);
        if (address) this.learn(address, item.value);
      }
    }
  }

  private learn(address: string, name: string): void {
    if (!this.byAddress.has(address)) this.byAddress.set(address, name);
  }

  /** The name an address was learnt under (undefined: none). */
  nameOf(address: string): string | undefined {
    return this.byAddress.get(address);
  }

  /** The names a record name was asked for under, through its CNAME chain (the first asked for first). */
  aliases(name: string): string[] {
    const out: string[] = [];
    for (
      let n = this.aliasOf.get(name);
      n !== undefined && !out.includes(n) && out.length < 16;
      n = this.aliasOf.get(n)
    )
      out.push(n);
    return out.reverse();
  }
}

function words(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  return [0, 4, 8, 12].map((at) => view.getUint32(at));
}

/** The address a PTR owner name encodes: "4.3.2.1.in-addr.arpa" is 1.2.3.4; ip6.arpa holds 32 nibbles reversed. */
export function reverseAddress(owner: string): string | undefined {
  const name = owner.toLowerCase().replace(/\.$/, '');
  const v4 = name.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa$/);
  if (v4) {
    const parts = v4.slice(1).reverse().map(Number);
    return parts.every((p) => p <= 255) ? parts.join('.') : undefined;
  }
  const v6 = name.match(/^((?:[0-9a-f]\.){32})ip6\.arpa$/);
  if (v6) {
    const nibbles = v6[1].split('.').filter(Boolean).reverse().join('');
    const w = Array.from({ length: 4 }, (_, k) => parseInt(nibbles.slice(k * 8, k * 8 + 8), 16) >>> 0);
    return ipv6(w);
  }
  return undefined;
}

/** An address as shown with names: "name (address)" when it has an alias or a captured name, else as it is. */
export function namedAddress(address: string, names: (address: string) => string | undefined): string {
  const name = names(address);
  return name ? `${name} (${address})` : address;
}
