import { Malformed, type Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { EXTENSIONS, GROUPS, isGrease, named, SIGNATURE_SCHEMES } from './names';
import { quicTransportParameters } from './quic-parameters';

export type ExtensionContext =
  | 'client_hello'
  | 'server_hello'
  | 'encrypted_extensions'
  | 'certificate'
  | 'certificate_request'
  | 'new_session_ticket';

/** An extensions block: its length, then type/length/data items. */
export function extensionList(t: TreeBuilder, h: Bytes, at: number, context: ExtensionContext): void {
  const total = h.u16(at);
  t.add('tls.handshake.extensions_length', h.abs(at), 2, total);
  const end = at + 2 + total;
  if (end > h.length) throw new Malformed('extensions past the message');
  for (let p = at + 2; p < end;) {
    const type = h.u16(p);
    const length = h.u16(p + 2);
    const name = named(EXTENSIONS, type, true);
    const ext = h.sub(p + 4, length);
    t.openText(`Extension: ${name ?? `Unknown type ${type}`} (len=${length})`, h.abs(p), 4 + length);
    t.add('tls.handshake.extension.type', h.abs(p), 2, type, `Type: ${name ?? 'Unknown'} (${type})`);
    t.add('tls.handshake.extension.len', h.abs(p + 2), 2, length);
    extension(t, type, ext, context);
    t.close();
    p += 4 + length;
  }
}

function extension(t: TreeBuilder, type: number, e: Bytes, context: ExtensionContext): void {
  const client = context === 'client_hello';
  const data = () =>
    t.add(
      'tls.handshake.extension.data',
      e.abs(0),
      e.length,
      e.bytes(0, e.length),
      e.length ? undefined : 'Data (0 bytes)',
    );
  switch (type) {
    case 0: {
      if (e.length === 0) return;
      t.openText('Server Name Indication extension', e.abs(0), e.length);
      const listLength = e.u16(0);
      t.add('tls.handshake.extensions_server_name_list_len', e.abs(0), 2, listLength);
      for (let p = 2; p + 3 <= 2 + listLength;) {
        t.add('tls.handshake.extensions_server_name_type', e.abs(p), 1, e.u8(p));
        const length = e.u16(p + 1);
        t.add('tls.handshake.extensions_server_name_len', e.abs(p + 1), 2, length);
        t.add('tls.handshake.extensions_server_name', e.abs(p + 3), length, e.text(p + 3, length));
        p += 3 + length;
      }
      t.close();
      return;
    }
    case 10: {
      const length = e.u16(0);
      t.add('tls.handshake.extensions_supported_groups_length', e.abs(0), 2, length);
      t.open(
        'tls.handshake.extensions_supported_groups',
        e.abs(2),
        length,
        `Supported Groups (${length >> 1} group${length === 2 ? '' : 's'})`,
      );
      for (let p = 2; p + 2 <= 2 + length; p += 2) group(t, e, p, 'tls.handshake.extensions_supported_group', true);
      t.close();
      return;
    }
    case 11: {
      const length = e.u8(0);
      t.add('tls.handshake.extensions_ec_point_formats_length', e.abs(0), 1, length);
      t.open(
        'tls.handshake.extensions_ec_point_formats',
        e.abs(1),
        length,
        `Elliptic curves point formats (${length})`,
      );
      for (let p = 1; p <= length; p++) t.add('tls.handshake.extensions_ec_point_format', e.abs(p), 1, e.u8(p));
      t.close();
      return;
    }
    case 13:
    case 50: {
      const length = e.u16(0);
      t.add('tls.handshake.sig_hash_alg_len', e.abs(0), 2, length);
      t.open(
        'tls.handshake.sig_hash_algs',
        e.abs(2),
        length,
        `Signature Hash Algorithms (${length >> 1} algorithm${length === 2 ? '' : 's'})`,
      );
      for (let p = 2; p + 2 <= 2 + length; p += 2) signatureAlgorithm(t, e, p);
      t.close();
      return;
    }
    case 16: {
      const length = e.u16(0);
      t.add('tls.handshake.extensions_alpn_len', e.abs(0), 2, length);
      t.open('tls.handshake.extensions_alpn_list', e.abs(2), length, 'ALPN Protocol');
      for (let p = 2; p < 2 + length;) {
        const n = e.u8(p);
        t.add('tls.handshake.extensions_alpn_str_len', e.abs(p), 1, n);
        t.add('tls.handshake.extensions_alpn_str', e.abs(p + 1), n, e.text(p + 1, n));
        p += 1 + n;
      }
      t.close();
      return;
    }
    case 21:
      t.add('tls.handshake.extensions_padding_data', e.abs(0), e.length, e.bytes(0, e.length));
      return;
    case 28:
      t.add('tls.handshake.extensions.record_size_limit', e.abs(0), 2, e.u16(0));
      return;
    case 35:
      if (e.length === 0) data();
      else t.add('tls.handshake.session_ticket', e.abs(0), e.length, e.bytes(0, e.length));
      return;
    case 41:
      preSharedKey(t, e, client);
      return;
    case 42:
      if (context === 'new_session_ticket')
        t.add('tls.handshake.extensions.max_early_data_size', e.abs(0), 4, e.u32(0));
      return;
    case 43: {
      if (!client) {
        const version = e.u16(0);
        t.add('tls.handshake.extensions.supported_version', e.abs(0), 2, version);
        return;
      }
      const length = e.u8(0);
      t.add('tls.handshake.extensions.supported_versions_len', e.abs(0), 1, length);
      for (let p = 1; p + 2 <= 1 + length; p += 2) {
        const v = e.u16(p);
        t.add(
          'tls.handshake.extensions.supported_version',
          e.abs(p),
          2,
          v,
          isGrease(v) ? `Supported Version: Reserved (GREASE) (0x${v.toString(16)})` : undefined,
        );
      }
      return;
    }
    case 44: {
      const length = e.u16(0);
      t.add('tls.handshake.extensions.cookie_len', e.abs(0), 2, length);
      t.add('tls.handshake.extensions.cookie', e.abs(2), length, e.bytes(2, length));
      return;
    }
    case 45: {
      const length = e.u8(0);
      t.add('tls.extension.psk_ke_modes_length', e.abs(0), 1, length);
      for (let p = 1; p <= length; p++) t.add('tls.extension.psk_ke_mode', e.abs(p), 1, e.u8(p));
      return;
    }
    case 51:
      keyShare(t, e, context);
      return;
    case 65281: {
      t.openText('Renegotiation Info extension', e.abs(0), e.length);
      const length = e.u8(0);
      t.add('tls.handshake.extensions_reneg_info_len', e.abs(0), 1, length);
      t.close();
      return;
    }
    case 22:
    case 23:
    case 49:
      return;
    case 57:
      quicTransportParameters(t, e);
      return;
    case 5: {
      // A client's CertificateStatusRequest (RFC 6066 §8); the server's is empty.
      if (!client || e.length < 5) {
        if (e.length) data();
        return;
      }
      t.add('tls.handshake.extensions_status_request_type', e.abs(0), 1, e.u8(0));
      const ids = e.u16(1);
      t.add('tls.handshake.extensions_status_request_responder_ids_len', e.abs(1), 2, ids);
      t.add('tls.handshake.extensions_status_request_exts_len', e.abs(3 + ids), 2, e.u16(3 + ids));
      return;
    }
    default:
      if (e.length) data();
  }
}

function group(t: TreeBuilder, e: Bytes, at: number, field: string, hex16: boolean): number {
  const g = e.u16(at);
  const name = named(GROUPS, g, true) ?? 'Unknown';
  const shown = hex16 ? `0x${g.toString(16).padStart(4, '0')}` : String(g);
  const label =
    field === 'tls.handshake.extensions_key_share_selected_group'
      ? 'Selected Group'
      : field.endsWith('_group') && !hex16
        ? 'Group'
        : 'Supported Group';
  t.add(field, e.abs(at), 2, g, `${label}: ${name} (${shown})`);
  return g;
}

function keyShare(t: TreeBuilder, e: Bytes, context: ExtensionContext): void {
  t.openText('Key Share extension', e.abs(0), e.length);
  if (context === 'client_hello') {
    const length = e.u16(0);
    t.add('tls.handshake.extensions_key_share_client_length', e.abs(0), 2, length);
    for (let p = 2; p + 4 <= 2 + length;) p += keyShareEntry(t, e, p);
  } else if (e.length === 2) {
    group(t, e, 0, 'tls.handshake.extensions_key_share_selected_group', false);
  } else {
    keyShareEntry(t, e, 0);
  }
  t.close();
}

function keyShareEntry(t: TreeBuilder, e: Bytes, at: number): number {
  const g = e.u16(at);
  const length = e.u16(at + 2);
  const name = named(GROUPS, g, true) ?? `Unknown (${g})`;
  t.openText(`Key Share Entry: Group: ${name}, Key Exchange length: ${length}`, e.abs(at), 4 + length);
  group(t, e, at, 'tls.handshake.extensions_key_share_group', false);
  t.add('tls.handshake.extensions_key_share_key_exchange_length', e.abs(at + 2), 2, length);
  t.add('tls.handshake.extensions_key_share_key_exchange', e.abs(at + 4), length, e.bytes(at + 4, length));
  t.close();
  return 4 + length;
}

function preSharedKey(t: TreeBuilder, e: Bytes, client: boolean): void {
  t.openText('Pre-Shared Key extension', e.abs(0), e.length);
  if (!client) {
    t.add('tls.handshake.extensions.psk.identity.selected', e.abs(0), 2, e.u16(0));
    t.close();
    return;
  }
  const identities = e.u16(0);
  t.add('tls.handshake.extensions.psk.identities.length', e.abs(0), 2, identities);
  let p = 2;
  while (p < 2 + identities) {
    const n = e.u16(p);
    t.openText(`PSK Identity (length: ${n})`, e.abs(p), 6 + n);
    t.add('tls.handshake.extensions.psk.identity.identity_length', e.abs(p), 2, n);
    t.add('tls.handshake.extensions.psk.identity.identity', e.abs(p + 2), n, e.bytes(p + 2, n));
    t.add('tls.handshake.extensions.psk.identity.obfuscated_ticket_age', e.abs(p + 2 + n), 4, e.u32(p + 2 + n));
    t.close();
    p += 6 + n;
  }
  const binders = e.u16(p);
  t.add('tls.handshake.extensions.psk.binders_len', e.abs(p), 2, binders);
  t.add('tls.handshake.extensions.psk.binders', e.abs(p + 2), binders, undefined, `PSK Binders`);
  t.close();
}

export function signatureAlgorithm(t: TreeBuilder, b: Bytes, at: number): void {
  const scheme = b.u16(at);
  const name = named(SIGNATURE_SCHEMES, scheme, true) ?? 'Unknown';
  t.open(
    'tls.handshake.sig_hash_alg',
    b.abs(at),
    2,
    `Signature Algorithm: ${name} (0x${scheme.toString(16).padStart(4, '0')})`,
  );
  t.add('tls.handshake.sig_hash_hash', b.abs(at), 1, b.u8(at));
  t.add('tls.handshake.sig_hash_sig', b.abs(at + 1), 1, b.u8(at + 1));
  t.close();
}
