import { resolveEther } from '../vendors/resolve';

/**
 * An Ethernet address's name as Wireshark's MAC name resolution gives it ("IntelCor_5b:7d:4a", "Broadcast"), from
 * its text "aa:bb:cc:dd:ee:ff"; other text comes back as it is. The vendor tables must be loaded first
 * (vendors/load.ts), else addresses stay numeric.
 */
export function etherNameOf(text: string): string {
  const bytes = text.split(':');
  if (bytes.length !== 6 || !bytes.every((b) => /^[0-9a-f]{2}$/i.test(b))) return text;
  const value = bytes.map((b) => parseInt(b, 16));
  const hi = ((value[0] << 24) | (value[1] << 16) | (value[2] << 8) | value[3]) >>> 0;
  const lo = (value[4] << 8) | value[5];
  return resolveEther(hi, lo);
}
