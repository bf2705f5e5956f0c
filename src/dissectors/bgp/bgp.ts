import { ipv4 } from '../../fields/format';
import { registerPort, type Dissector, type PacketContext } from '../api';
import { bitLine } from '../bit-line';
import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import {
  AFI,
  ATTRIBUTES,
  CAPABILITIES,
  ERRORS,
  MESSAGE_TYPES,
  ORIGINS,
  SAFI,
  SEGMENT_TYPES,
  SUBCODES,
  WELL_KNOWN_COMMUNITIES,
} from './fields';

const HEADER = 19;
const PA = 'bgp.update.path_attribute';

/** Whether each side's OPEN offered 4-octet AS numbers (RFC 6793): then AS_PATH carries 4-byte ASNs. */
interface Session {
  as4: [boolean, boolean];
}

const named = (names: Record<number, string>, v: number) => `${names[v] ?? 'Unknown'} (${v})`;

/**
 * BGP-4 (RFC 4271) on TCP 179: OPEN with its capabilities, UPDATE (withdrawn routes, path attributes, NLRI),
 * NOTIFICATION, KEEPALIVE and ROUTE-REFRESH (RFC 2918), each message in the tree and Info.
 */
export const bgp: Dissector = {
  name: 'bgp',
  yields: ['bgp'],
  stream(data, ctx) {
    if (data.length < HEADER) return { more: HEADER - data.length };
    const length = data.u16(16);
    if (length < HEADER) return data.length;
    if (data.length < length) return { more: length - data.length };
    message(data.sub(0, length), ctx);
    return length;
  },
};

registerPort('tcp', 179, bgp);

function message(m: Bytes, ctx: PacketContext): void {
  const { tree: t, columns } = ctx;
  const session = ctx.state<Session>(() => ({ as4: [false, false] }));
  const type = m.u8(18);
  const name = MESSAGE_TYPES[type] ?? `Unknown Message`;
  columns.protocol = 'BGP';
  columns.info = name;
  t.open('bgp', m.abs(0), m.length, `Border Gateway Protocol - ${name}`);
  t.add('bgp.marker', m.abs(0), 16, m.bytes(0, 16));
  t.add('bgp.length', m.abs(16), 2, m.length);
  t.add('bgp.type', m.abs(18), 1, type, `Type: ${name} (${type})`);
  const body = m.sub(HEADER);
  switch (type) {
    case 1:
      session.as4[ctx.side] = open(t, body);
      break;
    case 2:
      update(t, body, session.as4[0] && session.as4[1]);
      break;
    case 3: {
      const major = body.u8(0);
      const minor = body.u8(1);
      t.add('bgp.notify.major_error', body.abs(0), 1, major, `Major error Code: ${named(ERRORS, major)}`);
      const sub = SUBCODES[major];
      if (sub) t.add(sub.field, body.abs(1), 1, minor, `${sub.label}: ${named(sub.names, minor)}`);
      else t.add('bgp.notify.minor_error', body.abs(1), 1, minor);
      if (body.length > 2) t.add('bgp.notify.error_data', body.abs(2), body.length - 2, body.bytes(2, body.length - 2));
      break;
    }
    case 5: {
      t.add(
        'bgp.route_refresh.afi',
        body.abs(0),
        2,
        body.u16(0),
        `Address family identifier (AFI): ${named(AFI, body.u16(0))}`,
      );
      const subtype = body.u8(2);
      const subtypes: Record<number, string> = {
        0: 'Normal route refresh request [RFC2918] with/without ORF [RFC5291]',
        1: 'Demarcation of the beginning of a route refresh (BoRR) operation',
        2: 'Demarcation of the ending of a route refresh (EoRR) operation',
      };
      t.add('bgp.route_refresh.subtype', body.abs(2), 1, subtype, `Subtype: ${named(subtypes, subtype)}`);
      t.add(
        'bgp.route_refresh.safi',
        body.abs(3),
        1,
        body.u8(3),
        `Subsequent address family identifier (SAFI): ${named(SAFI, body.u8(3))}`,
      );
      break;
    }
  }
  t.close();
}

/** An OPEN's fields and capabilities; whether it offered 4-octet AS numbers. */
function open(t: TreeBuilder, b: Bytes): boolean {
  t.add('bgp.open.version', b.abs(0), 1, b.u8(0));
  t.add('bgp.open.myas', b.abs(1), 2, b.u16(1));
  t.add('bgp.open.holdtime', b.abs(3), 2, b.u16(3));
  t.add('bgp.open.identifier', b.abs(5), 4, b.u32(5));
  const optLength = b.u8(9);
  t.add('bgp.open.opt.len', b.abs(9), 1, optLength);
  let as4 = false;
  if (!optLength) return as4;
  t.open('bgp.open.opt', b.abs(10), optLength, 'Optional Parameters');
  for (let p = 10; p + 2 <= 10 + optLength;) {
    const type = b.u8(p);
    const length = b.u8(p + 1);
    t.open('bgp.open.opt.param', b.abs(p), 2 + length, `Optional Parameter: ${type === 2 ? 'Capability' : 'Unknown'}`);
    t.add('bgp.open.opt.param.type', b.abs(p), 1, type, `Parameter Type: ${named({ 2: 'Capability' }, type)}`);
    t.add('bgp.open.opt.param.len', b.abs(p + 1), 1, length);
    if (type === 2) {
      for (let c = p + 2; c + 2 <= p + 2 + length;) {
        const code = b.u8(c);
        const capLength = b.u8(c + 1);
        const capName = CAPABILITIES[code] ?? 'Unknown capability';
        t.open('bgp.cap', b.abs(c), 2 + capLength, `Capability: ${capName}`);
        t.add('bgp.cap.type', b.abs(c), 1, code, `Type: ${capName} (${code})`);
        const v = c + 2;
        if (code === 1 && capLength === 4) {
          t.add('bgp.cap.length', b.abs(c + 1), 1, capLength);
          t.add('bgp.cap.mp.afi', b.abs(v), 2, b.u16(v), `AFI: ${named(AFI, b.u16(v))}`);
          t.add('bgp.cap.reserved', b.abs(v + 2), 1, b.bytes(v + 2, 1));
          t.add('bgp.cap.mp.safi', b.abs(v + 3), 1, b.u8(v + 3), `SAFI: ${named(SAFI, b.u8(v + 3))}`);
        } else if (code === 65 && capLength === 4) {
          t.add('bgp.cap.length', b.abs(c + 1), 1, capLength);
          t.add('bgp.cap.4as', b.abs(v), 4, b.u32(v));
          as4 = true;
        } else {
          t.add('bgp.cap.length', b.abs(c + 1), 1, capLength);
          if (capLength) t.add('bgp.cap.unknown', b.abs(v), capLength, b.bytes(v, capLength));
        }
        t.close();
        c += 2 + capLength;
      }
    }
    t.close();
    p += 2 + length;
  }
  t.close();
  return as4;
}

/** Prefixes as RFC 4271 §4.3 packs them: a length in bits, then as many bytes as it needs. */
function prefixes(
  t: TreeBuilder,
  b: Bytes,
  at: number,
  end: number,
  lengthLabel: string,
  field: string,
  label: string,
): void {
  for (let p = at; p < end;) {
    const bits = b.u8(p);
    const bytes = Math.ceil(bits / 8);
    const address = new Uint8Array(4);
    address.set(b.bytes(p + 1, Math.min(bytes, 4)));
    const value = ((address[0] << 24) | (address[1] << 16) | (address[2] << 8) | address[3]) >>> 0;
    t.openText(`${ipv4(value)}/${bits}`, b.abs(p), 1 + bytes);
    t.add('bgp.prefix_length', b.abs(p), 1, bits, `${lengthLabel}: ${bits}`);
    t.add(field, b.abs(p + 1), bytes, value, `${label}: ${ipv4(value)}`);
    t.close();
    p += 1 + bytes;
  }
}

function update(t: TreeBuilder, b: Bytes, as4: boolean): void {
  const withdrawnLength = b.u16(0);
  t.add('bgp.update.withdrawn_routes.length', b.abs(0), 2, withdrawnLength);
  if (withdrawnLength) {
    t.open('bgp.update.withdrawn_routes', b.abs(2), withdrawnLength, 'Withdrawn Routes');
    prefixes(t, b, 2, 2 + withdrawnLength, 'Withdrawn route prefix length', 'bgp.withdrawn_prefix', 'Withdrawn prefix');
    t.close();
  }
  const at = 2 + withdrawnLength;
  const attrLength = b.u16(at);
  t.add('bgp.update.path_attributes.length', b.abs(at), 2, attrLength);
  if (attrLength) {
    t.open('bgp.update.path_attributes', b.abs(at + 2), attrLength, 'Path attributes');
    for (let p = at + 2; p < at + 2 + attrLength;) p += attribute(t, b, p, as4);
    t.close();
  }
  const nlri = at + 2 + attrLength;
  if (nlri < b.length) {
    t.open('bgp.update.nlri', b.abs(nlri), b.length - nlri, 'Network Layer Reachability Information (NLRI)');
    prefixes(t, b, nlri, b.length, 'NLRI prefix length', 'bgp.nlri_prefix', 'NLRI prefix');
    t.close();
  }
}

/** One path attribute (RFC 4271 §4.3, §5); returns its size. */
function attribute(t: TreeBuilder, b: Bytes, p: number, as4: boolean): number {
  const flags = b.u8(p);
  const code = b.u8(p + 1);
  const extended = (flags & 0x10) !== 0;
  const length = extended ? b.u16(p + 2) : b.u8(p + 2);
  const v = p + (extended ? 4 : 3);
  const name = ATTRIBUTES[code] ?? 'Unknown';
  const item = t.open(PA, b.abs(p), v - p + length, `Path Attribute - ${name}`);
  const flagNames = [
    flags & 0x80 ? 'Optional' : '',
    flags & 0x40 ? 'Transitive' : 'Non-transitive',
    flags & 0x80 ? '' : 'Well-known',
    flags & 0x20 ? 'Partial' : 'Complete',
    flags & 0x10 ? 'Extended Length' : '',
  ].filter(Boolean);
  t.open(`${PA}.flags`, b.abs(p), 1, `Flags: 0x${flags.toString(16).padStart(2, '0')}, ${flagNames.join(', ')}`, flags);
  for (const [field, label, mask] of [
    [`${PA}.flags.optional`, 'Optional', 0x80],
    [`${PA}.flags.transitive`, 'Transitive', 0x40],
    [`${PA}.flags.partial`, 'Partial', 0x20],
    [`${PA}.flags.extended_length`, 'Extended-Length', 0x10],
  ] as const)
    t.add(
      field,
      b.abs(p),
      1,
      flags & mask ? 1 : 0,
      `${bitLine(flags, mask, 8)} = ${label}: ${flags & mask ? 'Set' : 'Not set'}`,
    );
  t.add(
    `${PA}.flags.unused`,
    b.abs(p),
    1,
    flags & 0x0f,
    `${bitLine(flags, 0x0f, 8)} = Unused: 0x${(flags & 0x0f).toString(16)}`,
  );
  t.close();
  t.add(`${PA}.type_code`, b.abs(p + 1), 1, code, `Type Code: ${name} (${code})`);
  t.add(`${PA}.length`, b.abs(p + 2), extended ? 2 : 1, length);
  const a = b.sub(v, length);
  let summary = '';
  switch (code) {
    case 1: {
      const origin = ORIGINS[a.u8(0)] ?? 'Unknown';
      t.add(`${PA}.origin`, a.abs(0), 1, a.u8(0), `Origin: ${origin} (${a.u8(0)})`);
      summary = `: ${origin}`;
      break;
    }
    case 2:
    case 17: {
      const size = code === 17 || as4 ? 4 : 2;
      const all: number[] = [];
      for (let s = 0; s + 2 <= a.length;) {
        const type = a.u8(s);
        const count = a.u8(s + 1);
        const asns = Array.from({ length: count }, (_, i) =>
          size === 4 ? a.u32(s + 2 + 4 * i) : a.u16(s + 2 + 2 * i),
        );
        all.push(...asns);
        const text = type === 1 ? `{${asns.join(',')}}` : asns.join(' ');
        t.open(`${PA}.as_path_segment`, a.abs(s), 2 + size * count, `AS Path segment: ${text}`);
        t.add(`${PA}.as_path_segment.type`, a.abs(s), 1, type, `Segment type: ${named(SEGMENT_TYPES, type)}`);
        t.add(`${PA}.as_path_segment.length`, a.abs(s + 1), 1, count);
        asns.forEach((asn, i) =>
          t.add(`${PA}.as_path_segment.${size === 4 ? 'as4' : 'as2'}`, a.abs(s + 2 + size * i), size, asn),
        );
        t.close();
        s += 2 + size * count;
      }
      summary = `: ${all.map((n) => `${n} `).join('')}`;
      break;
    }
    case 3:
      t.add(`${PA}.next_hop`, a.abs(0), 4, a.u32(0));
      summary = `: ${ipv4(a.u32(0))} `;
      break;
    case 4:
      t.add(`${PA}.multi_exit_disc`, a.abs(0), 4, a.u32(0));
      summary = `: ${a.u32(0)}`;
      break;
    case 5:
      t.add(`${PA}.local_pref`, a.abs(0), 4, a.u32(0));
      summary = `: ${a.u32(0)}`;
      break;
    case 7: {
      const asSize = length === 8 ? 4 : 2;
      const asn = asSize === 4 ? a.u32(0) : a.u16(0);
      t.add(`${PA}.aggregator_as`, a.abs(0), asSize, asn);
      t.add(`${PA}.aggregator_origin`, a.abs(asSize), 4, a.u32(asSize));
      summary = `: AS: ${asn} origin: ${ipv4(a.u32(asSize))}`;
      break;
    }
    case 8: {
      const names: string[] = [];
      for (let c = 0; c + 4 <= a.length; c += 4) {
        const value = a.u32(c);
        names.push(WELL_KNOWN_COMMUNITIES[value] ?? `${value >>> 16}:${value & 0xffff}`);
      }
      const text = names.map((n) => `${n} `).join('');
      t.open(`${PA}.communities`, a.abs(0), a.length, `Communities: ${text}`);
      for (let c = 0; c + 4 <= a.length; c += 4) {
        const value = a.u32(c);
        const known = WELL_KNOWN_COMMUNITIES[value];
        if (known) {
          t.add(
            `${PA}.community_wellknown`,
            a.abs(c),
            4,
            value,
            `Community Well-known: ${known} (0x${value.toString(16)})`,
          );
        } else {
          t.open(`${PA}.community`, a.abs(c), 4, `Community: ${value >>> 16}:${value & 0xffff} `);
          t.add(`${PA}.community_as`, a.abs(c), 2, value >>> 16);
          t.add(`${PA}.community_value`, a.abs(c + 2), 2, value & 0xffff);
          t.close();
        }
      }
      t.close();
      summary = `: ${text}`;
      break;
    }
    case 9:
      t.add(`${PA}.originator_id`, a.abs(0), 4, a.u32(0));
      summary = `: ${ipv4(a.u32(0))} `;
      break;
    default:
      if (length) t.add(`${PA}.data`, a.abs(0), length, a.bytes(0, length));
  }
  item.text += summary;
  t.close();
  return v - p + length;
}
