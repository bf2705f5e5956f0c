import { field } from '../../fields/define';
import { registerFields } from '../../fields/registry';
import { registerPort, type Dissector } from '../api';
import { httpDatagram } from '../http/http';

registerFields([field('ssdp', 'Simple Service Discovery Protocol', 'protocol')]);

/**
 * SSDP (UPnP Device Architecture 2.0 §1): HTTP messages over UDP 1900 (M-SEARCH, its responses, NOTIFY), shown
 * as Wireshark shows them, HTTP's fields under an SSDP line.
 */
export const ssdp: Dissector = {
  name: 'ssdp',
  yields: ['ssdp', 'http', 'data'],
  datagram(data, ctx) {
    httpDatagram(data, ctx, 'ssdp', 'SSDP');
  },
};

registerPort('udp', 1900, ssdp);
