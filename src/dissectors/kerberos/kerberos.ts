import { registerFields } from '../../fields/registry';
import { Malformed, type Bytes } from '../bytes';
import { ONE_MORE_SEGMENT, registerPort, type Dissector, type PacketContext } from '../api';
import { bytesValue, integer, parseBer, text, unsigned, type Der } from '../ber/ber';
import type { TreeBuilder } from '../tree';
import { ENCRYPTION_TYPES, ERROR_CODES, MESSAGE_TYPES, NAME_TYPES, PADATA_TYPES } from './names';
import { field } from '../../fields/define';

const treeNames = (table: Record<number, [string, string]>) =>
  Object.fromEntries(Object.entries(table).map(([k, [name]]) => [k, name]));
const element = (name: string) => field(`kerberos.${name.replace(/-/g, '_')}_element`, name, 'none');

registerFields([
  field('kerberos', 'Kerberos', 'protocol'),
  field('kerberos.rm.reserved', 'Reserved', 'bool'),
  field('kerberos.rm.length', 'Record Length', 'uint'),
  ...['as-req', 'as-rep', 'tgs-req', 'tgs-rep', 'ap-req', 'ap-rep', 'krb-error', 'ticket', 'req-body'].map(element),
  ...['enc-part', 'PA-DATA', 'ETYPE-INFO2-ENTRY', 'cname', 'sname', 'authenticator', 'req-checksum'].map(element),
  field('kerberos.pvno', 'pvno', 'uint'),
  field('kerberos.msg_type', 'msg-type', 'int', { values: treeNames(MESSAGE_TYPES) }),
  field('kerberos.padata', 'padata', 'uint'),
  field('kerberos.padata_type', 'padata-type', 'int', { values: PADATA_TYPES }),
  field('kerberos.padata_value', 'padata-value', 'bytes'),
  field('kerberos.kdc_options', 'kdc-options', 'bytes'),
  field('kerberos.ap_options', 'ap-options', 'bytes'),
  field('kerberos.name_type', 'name-type', 'int', { values: NAME_TYPES }),
  field('kerberos.cname_string', 'cname-string', 'uint'),
  field('kerberos.CNameString', 'CNameString', 'string'),
  field('kerberos.sname_string', 'sname-string', 'uint'),
  field('kerberos.SNameString', 'SNameString', 'string'),
  field('kerberos.realm', 'realm', 'string'),
  field('kerberos.crealm', 'crealm', 'string'),
  field('kerberos.from', 'from', 'abstime'),
  field('kerberos.till', 'till', 'abstime'),
  field('kerberos.rtime', 'rtime', 'abstime'),
  field('kerberos.ctime', 'ctime', 'abstime'),
  field('kerberos.stime', 'stime', 'abstime'),
  field('kerberos.nonce', 'nonce', 'uint'),
  field('kerberos.kdc-req-body.etype', 'etype', 'uint'),
  field('kerberos.ENCTYPE', 'ENCTYPE', 'int', { values: ENCRYPTION_TYPES }),
  field('kerberos.etype', 'etype', 'int', { values: ENCRYPTION_TYPES }),
  field('kerberos.kvno', 'kvno', 'uint'),
  field('kerberos.cipher', 'cipher', 'bytes'),
  field('kerberos.tkt_vno', 'tkt-vno', 'uint'),
  field('kerberos.cusec', 'cusec', 'uint'),
  field('kerberos.susec', 'susec', 'uint'),
  field('kerberos.error_code', 'error-code', 'int', { values: treeNames(ERROR_CODES) }),
  field('kerberos.e_text', 'e-text', 'string'),
  field('kerberos.e_data', 'e-data', 'bytes'),
  field('kerberos.info2_salt', 'salt', 'string'),
  field('kerberos.addresses', 'addresses', 'uint'),
  field('kerberos.cksumtype', 'cksumtype', 'int'),
  field('kerberos.checksum', 'checksum', 'bytes'),
]);

/** The element tagged [n] (context class) among a SEQUENCE's children, unwrapped to what it holds. */
function member(seq: Der, n: number): Der | undefined {
  const tagged = seq.children.find((c) => c.tagClass === 3 && c.tag === n);
  return tagged?.children[0];
}

/** KerberosTime (RFC 4120 §5.2.3): "YYYYMMDDHHMMSSZ" as nanoseconds since 1970. */
function time(e: Der): bigint {
  const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)/.exec(text(e));
  if (!m) return 0n;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return BigInt(Date.UTC(y, mo - 1, d, h, mi, s)) * 1_000_000n;
}

class Walker {
  constructor(
    private tree: TreeBuilder,
    private data: Bytes,
  ) {}

  int(name: string, e: Der | undefined): number | undefined {
    if (!e) return undefined;
    const v = integer(e);
    this.tree.add(name, e.start, e.length, v);
    return v;
  }

  uint(name: string, e: Der | undefined): void {
    if (e) this.tree.add(name, e.start, e.length, unsigned(e));
  }

  string(name: string, e: Der | undefined): void {
    if (e) this.tree.add(name, e.start, e.length, text(e));
  }

  time(name: string, e: Der | undefined): void {
    if (e) this.tree.add(name, e.start, e.length, time(e));
  }

  /** A BIT STRING's bits without the unused-bits octet (kdc-options, ap-options). */
  bits(name: string, e: Der | undefined): void {
    if (e) this.tree.add(name, e.start, e.length, e.content.subarray(1));
  }

  principal(which: 'cname' | 'sname', e: Der | undefined): void {
    if (!e) return;
    const { tree } = this;
    tree.open(`kerberos.${which}_element`, e.start, e.length);
    this.int('kerberos.name_type', member(e, 0));
    const names = member(e, 1);
    if (names) {
      const n = names.children.length;
      tree.open(
        `kerberos.${which}_string`,
        names.start,
        names.length,
        `${which}-string: ${n} item${n === 1 ? '' : 's'}`,
        n,
      );
      for (const s of names.children)
        this.string(which === 'cname' ? 'kerberos.CNameString' : 'kerberos.SNameString', s);
      tree.close();
    }
    tree.close();
  }

  encrypted(e: Der | undefined, name = 'enc_part'): void {
    if (!e) return;
    this.tree.open(`kerberos.${name}_element`, e.start, e.length);
    this.encryptedData(e);
    this.tree.close();
  }

  /** EncryptedData's fields (RFC 4120 §5.2.9). */
  encryptedData(e: Der): void {
    this.int('kerberos.etype', member(e, 0));
    this.uint('kerberos.kvno', member(e, 1));
    const cipher = member(e, 2);
    if (cipher) this.tree.add('kerberos.cipher', cipher.start, cipher.length, bytesValue(cipher));
  }

  ticket(e: Der | undefined): void {
    if (!e) return;
    const seq = e.children[0];
    this.tree.open('kerberos.ticket_element', e.start, e.length);
    this.uint('kerberos.tkt_vno', member(seq, 0));
    this.string('kerberos.realm', member(seq, 1));
    this.principal('sname', member(seq, 2));
    this.encrypted(member(seq, 3));
    this.tree.close();
  }

  padata(list: Der | undefined, request: boolean): void {
    if (!list) return;
    const { tree } = this;
    const n = list.children.length;
    tree.open('kerberos.padata', list.start, list.length, `padata: ${n} item${n === 1 ? '' : 's'}`, n);
    for (const pa of list.children) this.paData(pa, request);
    tree.close();
  }

  private paData(pa: Der, request: boolean): void {
    const { tree } = this;
    const typeElement = member(pa, 1);
    const type = typeElement ? integer(typeElement) : -1;
    tree.open('kerberos.PA_DATA_element', pa.start, pa.length, `PA-DATA ${PADATA_TYPES[type] ?? type}`);
    this.int('kerberos.padata_type', typeElement);
    const value = member(pa, 2);
    if (value) {
      tree.open('kerberos.padata_value', value.start, value.length, undefined, bytesValue(value));
      if (value.content.length) this.paValue(type, value, request);
      tree.close();
    }
    tree.close();
  }

  /** The value of the pre-authentication types whose contents are ASN.1 (RFC 4120 §5.2.7, RFC 6113). */
  private paValue(type: number, value: Der, request: boolean): void {
    const inner = () => parseBer(this.data.sub(value.contentStart - this.data.abs(0), value.content.length));
    if (type === 1) this.message(inner());
    else if (type === 2) this.encryptedData(inner());
    else if (type === 19) {
      for (const entry of inner().children) {
        this.tree.open('kerberos.ETYPE_INFO2_ENTRY_element', entry.start, entry.length);
        this.int('kerberos.etype', member(entry, 0));
        this.string('kerberos.info2_salt', member(entry, 1));
        this.tree.close();
      }
    } else if (type === 136) {
      // PA-FX-FAST-REQUEST / -REPLY: [0] armored data, whose encrypted part is [2] in a request, [0] in a reply.
      const seq = inner().children[0];
      if (!seq) return;
      if (request) {
        const checksum = member(seq, 1);
        if (checksum) {
          this.tree.open('kerberos.req_checksum_element', checksum.start, checksum.length);
          this.int('kerberos.cksumtype', member(checksum, 0));
          const sum = member(checksum, 1);
          if (sum) this.tree.add('kerberos.checksum', sum.start, sum.length, bytesValue(sum));
          this.tree.close();
        }
      }
      this.encrypted(member(seq, request ? 2 : 0));
    }
  }

  /** One Kerberos message: its [APPLICATION n] tag names it. Returns its Info text. */
  message(e: Der): string {
    const { tree } = this;
    const seq = e.children[0];
    if (e.tagClass !== 2 || !seq) throw new Malformed('not a Kerberos message');
    const tag = e.tag;
    const name = tag === 30 ? 'krb-error' : (MESSAGE_TYPES[tag]?.[0].slice(4) ?? `${tag}`);
    tree.open(`kerberos.${name.replace(/-/g, '_')}_element`, e.start, e.length, name);
    let info = MESSAGE_TYPES[tag]?.[1] ?? `Unknown message ${tag}`;
    if (tag === 10 || tag === 12) {
      this.uint('kerberos.pvno', member(seq, 1));
      this.int('kerberos.msg_type', member(seq, 2));
      this.padata(member(seq, 3), true);
      const body = member(seq, 4);
      if (body) {
        tree.open('kerberos.req_body_element', body.start, body.length);
        this.bits('kerberos.kdc_options', member(body, 0));
        this.principal('cname', member(body, 1));
        this.string('kerberos.realm', member(body, 2));
        this.principal('sname', member(body, 3));
        this.time('kerberos.from', member(body, 4));
        this.time('kerberos.till', member(body, 5));
        this.time('kerberos.rtime', member(body, 6));
        this.uint('kerberos.nonce', member(body, 7));
        const etypes = member(body, 8);
        if (etypes) {
          const n = etypes.children.length;
          tree.open(
            'kerberos.kdc-req-body.etype',
            etypes.start,
            etypes.length,
            `etype: ${n} item${n === 1 ? '' : 's'}`,
            n,
          );
          for (const t of etypes.children) this.int('kerberos.ENCTYPE', t);
          tree.close();
        }
        tree.close();
      }
    } else if (tag === 11 || tag === 13) {
      this.uint('kerberos.pvno', member(seq, 0));
      this.int('kerberos.msg_type', member(seq, 1));
      this.padata(member(seq, 2), false);
      this.string('kerberos.crealm', member(seq, 3));
      this.principal('cname', member(seq, 4));
      this.ticket(member(seq, 5));
      this.encrypted(member(seq, 6));
    } else if (tag === 14) {
      this.uint('kerberos.pvno', member(seq, 0));
      this.int('kerberos.msg_type', member(seq, 1));
      this.bits('kerberos.ap_options', member(seq, 2));
      this.ticket(member(seq, 3));
      this.encrypted(member(seq, 4), 'authenticator');
    } else if (tag === 15) {
      this.uint('kerberos.pvno', member(seq, 0));
      this.int('kerberos.msg_type', member(seq, 1));
      this.encrypted(member(seq, 2));
    } else if (tag === 30) {
      this.uint('kerberos.pvno', member(seq, 0));
      this.int('kerberos.msg_type', member(seq, 1));
      this.time('kerberos.ctime', member(seq, 2));
      this.uint('kerberos.cusec', member(seq, 3));
      this.time('kerberos.stime', member(seq, 4));
      this.uint('kerberos.susec', member(seq, 5));
      const code = this.int('kerberos.error_code', member(seq, 6)) ?? 0;
      this.string('kerberos.crealm', member(seq, 7));
      this.principal('cname', member(seq, 8));
      this.string('kerberos.realm', member(seq, 9));
      this.principal('sname', member(seq, 10));
      this.string('kerberos.e_text', member(seq, 11));
      const eData = member(seq, 12);
      if (eData) {
        tree.open('kerberos.e_data', eData.start, eData.length, undefined, bytesValue(eData));
        // METHOD-DATA (RFC 4120 §5.9.1): the pre-authentication the KDC offers, when the data is one.
        if (eData.content[0] === 0x30) {
          try {
            const methods = parseBer(this.data.sub(eData.contentStart - this.data.abs(0), eData.content.length));
            for (const pa of methods.children) this.paData(pa, false);
          } catch (err) {
            if (!(err instanceof Malformed)) throw err;
          }
        }
        tree.close();
      }
      info = `KRB Error: ${ERROR_CODES[code]?.[1] ?? code}`;
    }
    tree.close();
    return info;
  }
}

function dissect(data: Bytes, ctx: PacketContext): void {
  ctx.columns.protocol = 'KRB5';
  const message = parseBer(data);
  ctx.columns.info = new Walker(ctx.tree, data).message(message);
}

/**
 * Kerberos V5 (RFC 4120) on port 88: the KDC exchanges and AP messages read through asn1js, with the
 * pre-authentication data a KDC and its clients exchange (encrypted timestamps, ETYPE-INFO2, FAST armour).
 * Over TCP each message follows a 4-byte record mark (§7.2.2).
 */
export const kerberos: Dissector = {
  name: 'kerberos',
  yields: ['kerberos'],
  datagram(data, ctx) {
    ctx.tree.open('kerberos', data.abs(0), data.length);
    dissect(data, ctx);
    ctx.tree.close();
  },
  stream(data, ctx) {
    if (data.length < 4) return { more: ONE_MORE_SEGMENT };
    const mark = data.u32(0);
    const length = mark & 0x7fffffff;
    if (data.length < 4 + length) return { more: 4 + length - data.length };
    const { tree } = ctx;
    tree.open('kerberos', data.abs(0), 4 + length);
    tree.openText(`Record Mark: ${length} bytes`, data.abs(0), 4);
    tree.add(
      'kerberos.rm.reserved',
      data.abs(0),
      4,
      mark >>> 31,
      `${mark >>> 31 ? '1' : '0'}... .... .... .... .... .... .... .... = Reserved: ${mark >>> 31 ? 'Set' : 'Not set'}`,
    );
    tree.add('kerberos.rm.length', data.abs(0), 4, length, `.${bitsOf(length)} = Record Length: ${length}`);
    tree.close();
    dissect(data.sub(4, length), ctx);
    tree.close();
    return 4 + length;
  },
};

/** The low 31 bits as Wireshark writes a 32-bit mask's pattern after its first bit. */
function bitsOf(value: number): string {
  const bits = value.toString(2).padStart(31, '0');
  let out = '';
  for (let i = 0; i < 31; i++) out += ((i + 1) % 4 === 0 ? ' ' : '') + bits[i];
  return out;
}

registerPort('udp', 88, kerberos);
registerPort('tcp', 88, kerberos);
