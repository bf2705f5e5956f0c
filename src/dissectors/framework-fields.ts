import { registerFields } from '../fields/registry';

/** Fields every frame's dissection can produce: the columns (as tshark's -T fields names them) and malformed data. */
registerFields([
  { name: '_ws.col.Protocol', label: 'Protocol', type: 'string' },
  { name: '_ws.col.Info', label: 'Info', type: 'string' },
  // Every protocol the frame went through (src/dissectors/frame-layers.ts); the tree shows it in the Frame layer.
  { name: 'frame.protocols', label: 'Protocols in frame', type: 'string' },
  { name: '_ws.short', label: 'Packet size limited during capture', type: 'protocol' },
  // What the analyst notes on a frame (the app's annotations; pcapng comments too), as Wireshark 4.0 names them.
  { name: 'frame.marked', label: 'Frame is marked', type: 'bool' },
  { name: 'frame.ignored', label: 'Frame is ignored', type: 'bool' },
  { name: 'frame.comment', label: 'Comment', type: 'string' },
  { name: 'frame.comment.expert', label: 'Formatted comment', type: 'none' },
  { name: 'pkt_comment', label: 'Packet comments', type: 'protocol' },
  // Depends on what the display filter let through before: the CLI's single pass gives it (cli/displayed-time.ts).
  { name: 'frame.time_delta_displayed', label: 'Time delta from previous displayed frame', type: 'reltime' },
]);
