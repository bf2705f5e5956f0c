// IEEE 802.2 LLC's dispatch: what a frame's DSAP names (STP's BPDUs on SAP 0x42), and with SNAP what an
// organisation's OUI and protocol id name (Cisco's CDP: OUI 00-00-0c, PID 0x2000). OUI 0 (and 802.1H's
// 00-00-f8) carry an EtherType instead and go to the ethertype table.
import { Decoder, DispatchTable } from './dispatch';

export const SAP_STP: u32 = 0x42;
export const OUI_CISCO: u32 = 0x00000c;
export const PID_CDP: u32 = 0x2000;

export const llcSaps = new DispatchTable();

/** Decoders by OUI and protocol id: an OUI is 24 bits and a PID 16, too wide for one DispatchTable key. */
@final
class SnapTable {
  private ouis: u32[] = [];
  private pids: DispatchTable[] = [];

  register(oui: u32, pid: u32, decoder: Decoder): void {
    let i = this.ouis.indexOf(oui);
    if (i < 0) {
      i = this.ouis.length;
      this.ouis.push(oui);
      this.pids.push(new DispatchTable());
    }
    this.pids[i].register(pid, decoder);
  }

  decode(oui: u32, pid: u32, base: usize, off: i32, end: i32, reported: i32): bool {
    const i = this.ouis.indexOf(oui);
    return i >= 0 && this.pids[i].decode(pid, base, off, end, reported);
  }
}

export const snapProtocols = new SnapTable();
