import { registerPort } from '../api';
import { dnsDissector, LLMNR } from '../dns/dns';

/**
 * Link-Local Multicast Name Resolution (RFC 4795): DNS messages on UDP port 5355. RFC 4795 also allows TCP,
 * which tshark 4.0 leaves undissected; so does Loupe, to keep the Protocol column the same.
 */
export const llmnr = dnsDissector(LLMNR);

registerPort('udp', 5355, llmnr);
