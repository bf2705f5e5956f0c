// What the IP layer knows about its payload that the payload's checksum needs: the pseudo-header's addresses,
// whether it rides on IPv6, and whether the bytes are a lone fragment (then no checksum can be verified).
// Per-frame state as plain globals, set by the IP layer right before it dispatches the payload.

/** Ones' complement sum of the source and destination addresses. */
export let addrSum: u32 = 0;
export let overIpv6 = false;
/** The payload is a fragment of a datagram that was not reassembled. */
export let partial = false;

export function setContext(sum: u32, ipv6: bool, isPartial: bool): void {
  addrSum = sum;
  overIpv6 = ipv6;
  partial = isPartial;
}
