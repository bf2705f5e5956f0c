import { readSlice } from '../core/source';
import type { TlsDecryption } from '../tls/decryption';
import type { SessionContext } from './capture-state';

/** What decoding a display filter's frames alone needs of the capture (see DisplayFilterRunner.apply). */
export interface SliceSource {
  /** The capture's one interface (pcapng), whose id and name the frames decoded alone are told. */
  interfaceId: number;
  interfaceName?: string;
  tls: TlsDecryption;
}

const PCAP_MAGICS = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1]);

/**
 * Whether the open capture's frames can be decoded alone, sliced out by the index, with the results of a pass over
 * the whole file: as `loupe fields` decides it, a pcap file, or a pcapng file with one interface and no secrets of
 * its own (its interfaces are known once the opening gathered them), and no TLS keys (a key log may resume a
 * session another connection began). Undefined when the file must be read through.
 */
export async function sliceSource(ctx: SessionContext): Promise<SliceSource | undefined> {
  const { blob, exportSide } = ctx.capture;
  const tls = ctx.tlsKeys.decryption();
  if (!tls.keyring.empty) return undefined;
  const head = await readSlice(blob, 0, 4);
  if (head.length < 4) return undefined;
  const magic = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, false);
  if (PCAP_MAGICS.has(magic)) return { interfaceId: 0, tls };
  if (magic !== 0x0a0d0d0a || !exportSide) return undefined;
  const side = await exportSide;
  if (side.interfaces.length !== 1 || side.secrets.length > 0) return undefined;
  return { interfaceId: side.interfaces[0].id, interfaceName: side.interfaces[0].name, tls };
}
