import { registerFields } from '../fields/registry';

/** Fields every frame's dissection can produce: the columns (as tshark's -T fields names them) and malformed data. */
registerFields([
  { name: '_ws.col.Protocol', label: 'Protocol', type: 'string' },
  { name: '_ws.col.Info', label: 'Info', type: 'string' },
  { name: '_ws.malformed', label: 'Malformed Packet', type: 'protocol' },
  { name: '_ws.short', label: 'Packet size limited during capture', type: 'protocol' },
]);
