// A reader over an OSPF message's bytes that emits each field only when all of it is there (Wireshark shows
// nothing of a field cut short) and says whether it was. The core's runtime frees nothing: decoders keep a few
// cursors for good and point them at each packet's bytes (set).
import { be16, be32, u8at } from '../bytes';
import * as emit from '../emit';

@final
export class Cursor {
  base: usize = 0;
  at: i32 = 0;
  end: i32 = 0;

  set(base: usize, at: i32, end: i32): Cursor {
    this.base = base;
    this.at = at;
    this.end = end;
    return this;
  }

  has(n: i32): bool {
    return this.end - this.at >= n;
  }

  ptr(): usize {
    return this.base + <usize>this.at;
  }

  skip(n: i32): bool {
    if (!this.has(n)) return false;
    this.at += n;
    return true;
  }

  u8(id: u16): bool {
    if (!this.has(1)) return false;
    emit.field(id, this.at, 1, u8at(this.ptr()));
    this.at += 1;
    return true;
  }

  u16(id: u16): bool {
    if (!this.has(2)) return false;
    emit.field(id, this.at, 2, be16(this.ptr()));
    this.at += 2;
    return true;
  }

  u24(id: u16): bool {
    if (!this.has(3)) return false;
    const p = this.ptr();
    emit.field(id, this.at, 3, (u8at(p) << 16) | be16(p + 1));
    this.at += 3;
    return true;
  }

  u32(id: u16): bool {
    if (!this.has(4)) return false;
    emit.field(id, this.at, 4, be32(this.ptr()));
    this.at += 4;
    return true;
  }

  ipv4(id: u16): bool {
    return this.u32(id);
  }

  ipv6(id: u16): bool {
    if (!this.has(16)) return false;
    const p = this.ptr();
    emit.field(id, this.at, 16, be32(p), be32(p + 4), be32(p + 8), be32(p + 12));
    this.at += 16;
    return true;
  }

  bytes(id: u16, n: i32): bool {
    if (!this.has(n)) return false;
    emit.field(id, this.at, n);
    this.at += n;
    return true;
  }
}
