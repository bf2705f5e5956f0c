// The current packet's network addresses, recorded by the IP layer just before it hands its payload on, so
// the transport layers can key conversations on them. IPv4 addresses use word 0 only (the others are 0), and
// `v6` keeps an IPv4 address apart from the IPv6 address with the same leading word.
import { be32 } from '../bytes';

export const src = new StaticArray<u32>(4);
export const dst = new StaticArray<u32>(4);
export let v6 = false;

export function setIpv4(addrs: usize): void {
  unchecked((src[0] = be32(addrs)));
  unchecked((dst[0] = be32(addrs + 4)));
  for (let i = 1; i < 4; i++) {
    unchecked((src[i] = 0));
    unchecked((dst[i] = 0));
  }
  v6 = false;
}

export function setIpv6(addrs: usize): void {
  for (let i = 0; i < 4; i++) {
    unchecked((src[i] = be32(addrs + <usize>(4 * i))));
    unchecked((dst[i] = be32(addrs + 16 + <usize>(4 * i))));
  }
  v6 = true;
}
