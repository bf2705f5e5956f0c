import { registerPort } from '../api';
import { dnsDissector, MDNS } from '../dns/dns';

/** Multicast DNS (RFC 6762): DNS messages on UDP port 5353, with the class's top bit as a flag. */
export const mdns = dnsDissector(MDNS);

registerPort('udp', 5353, mdns);
