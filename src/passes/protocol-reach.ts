import { dissectorNamed, dissectorNames, type Dissector, type Transport } from '../dissectors/api';
import type { DissectorChoice } from '../dissectors/decode-as';
import { fieldById, isCoreField } from '../fields/registry';

/**
 * Which application protocols a conversation's dissection can put in its frames, decided before dissecting from
 * what the session (src/dissectors/session.ts) would choose: a Decode As rule for the stream, else the port
 * tables, else a heuristic or nothing (then the payload is data), or a dissector another conversation announced.
 * A protocol is named by the first part of its field names (`dns` for dns.qry.name).
 */

/** A payload no dissector takes is data. */
const UNCLAIMED = ['data'];

/** The protocol a field belongs to: its name up to the first dot. */
export function protocolOfField(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

/**
 * Whether a field can only come from the application layer's dissection of a frame (not from the core's
 * records): application fields, and data, which the core gives IP fragments and the session unclaimed payloads.
 */
export function isDissectedField(id: number): boolean {
  if (!isCoreField(id)) return true;
  return protocolOfField(fieldById(id)!.name) === 'data';
}

/**
 * The protocols one set of application fields belongs to, as bits (one per protocol): a conversation's reach is
 * the bits of the protocols its dissection may add. `undefined` from `reach`: some field belongs to no protocol a
 * known dissector yields (frame.protocols, the columns, annotations): every frame's dissection may add it.
 */
export class ProtocolReach {
  /** Bit of each wanted protocol. */
  private readonly bits = new Map<string, number>();
  /** Protocols a dissector that declares no `yields` (TLS) may add: all of them. */
  readonly all: number;
  private readonly attributable: boolean;

  /**
   * `decrypts: false`: no TLS keys nor capture secrets are at hand, so a dissector that declares `clearYields`
   * (TLS) may add only those.
   */
  constructor(
    fieldIds: Iterable<number>,
    private readonly choice: DissectorChoice,
    private readonly decrypts = true,
  ) {
    const known = new Set([...dissectorNames().flatMap((name) => dissectorNamed(name)?.yields ?? []), ...UNCLAIMED]);
    let attributable = true;
    for (const id of fieldIds) {
      const name = fieldById(id)?.name;
      if (name === undefined || !isDissectedField(id)) continue;
      const protocol = protocolOfField(name);
      if (!known.has(protocol)) attributable = false;
      if (!this.bits.has(protocol)) this.bits.set(protocol, 1 << this.bits.size);
    }
    // One bit a protocol in a 31-bit mask; a filter naming more protocols than that is rare: dissect everything.
    this.attributable = attributable && this.bits.size <= 31;
    this.all = this.attributable ? (1 << this.bits.size) - 1 : 0x7fffffff;
  }

  /** Whether some conversations can be ruled out at all (otherwise every frame's dissection may add the fields). */
  get selective(): boolean {
    return this.attributable;
  }

  /** Whether any application field is wanted. */
  get wanted(): boolean {
    return this.bits.size > 0;
  }

  /** The bit of a field's protocol (0 for core fields and fields of no wanted protocol). */
  bitOf(id: number): number {
    if (!isDissectedField(id)) return 0;
    const name = fieldById(id)?.name;
    if (name === undefined) return 0;
    return this.attributable ? (this.bits.get(protocolOfField(name)) ?? 0) : this.all;
  }

  /** The wanted protocols a dissector (undefined: none, the payload is data) may add. */
  yields(dissector: Dissector | undefined): number {
    if (!this.attributable) return this.all;
    const protocols = dissector ? (dissector.yields ?? (this.decrypts ? undefined : dissector.clearYields)) : UNCLAIMED;
    if (!protocols) return this.all;
    let mask = 0;
    for (const p of protocols) mask |= this.bits.get(p) ?? 0;
    return mask;
  }

  /** The dissectors the session may give a conversation, before announcements (see `announced`). */
  candidates(transport: Transport, stream: number, srcPort: number, dstPort: number): (Dissector | undefined)[] {
    const ruled = this.choice.forStream(transport, stream);
    if (ruled !== undefined) return [ruled ?? undefined];
    const byPorts = this.choice.forPorts(transport, srcPort, dstPort);
    if (byPorts) return [byPorts];
    return [...this.choice.heuristics(transport), undefined];
  }

  /**
   * What a conversation may be given because another announced it: the dissectors `announcers` (those that
   * conversations of the capture may get) hand conversations to; undefined when one announces what no table here
   * says (then anything).
   */
  static announced(announcers: Iterable<Dissector>): Dissector[] | undefined {
    const out: Dissector[] = [];
    for (const a of announcers) {
      const targets = a.announces;
      if (!targets) return undefined;
      for (const t of targets) {
        const d = dissectorNamed(t);
        if (!d) return undefined;
        out.push(d);
      }
    }
    return out;
  }
}

/** For tests: every registered dissector that declares no `yields` (it is assumed to add anything). */
export function dissectorsWithoutYields(): string[] {
  return dissectorNames().filter((name) => !dissectorNamed(name)?.yields);
}

/** For tests: the protocols a dissector may add, by name (undefined: anything). */
export function yieldsOf(name: string | undefined): readonly string[] | undefined {
  return name === undefined ? UNCLAIMED : dissectorNamed(name)?.yields;
}
