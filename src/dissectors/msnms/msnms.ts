import { registerFields } from '../../fields/registry';
import { registerPort, type Dissector } from '../api';
import { lineEnd } from '../lines';

registerFields([{ name: 'msnms', label: 'MSN Messenger Service', type: 'protocol' }]);

/**
 * MSN Messenger (MSNP) on TCP 1863, notification and switchboard servers alike. Each segment is shown as it
 * comes, line by line, with no reassembly: a MSG payload that spans segments shows its middle as text, and
 * the Info column is the segment's first line wherever the segment starts, as tshark does.
 */
export const msnms: Dissector = {
  name: 'msnms',
  stream(data, ctx) {
    ctx.columns.protocol = 'MSNMS';
    ctx.columns.info = data.text(0, lineEnd(data, 0).end);
    ctx.tree.open('msnms', data.abs(0), data.length);
    for (let p = 0; p < data.length; ) {
      const { next } = lineEnd(data, p);
      ctx.tree.openText(data.text(p, next - p), data.abs(p), next - p);
      ctx.tree.close();
      p = next;
    }
    ctx.tree.close();
    return data.length;
  },
};

registerPort('tcp', 1863, msnms);
