import { registerFields } from '../fields/registry';
import { field } from '../fields/define';

/** Fields every frame's dissection can produce: the columns (as tshark's -T fields names them) and malformed data. */
registerFields([
  field('_ws.col.Protocol', 'Protocol', 'string'),
  field('_ws.col.Info', 'Info', 'string'),
  // Every protocol the frame went through (src/dissectors/frame-layers.ts); the tree shows it in the Frame layer.
  field('frame.protocols', 'Protocols in frame', 'string'),
  field('_ws.short', 'Packet size limited during capture', 'protocol'),
  // What the analyst notes on a frame (the app's annotations; pcapng comments too), as Wireshark 4.0 names them.
  field('frame.marked', 'Frame is marked', 'bool'),
  field('frame.ignored', 'Frame is ignored', 'bool'),
  field('frame.comment', 'Comment', 'string'),
  field('frame.comment.expert', 'Formatted comment', 'none'),
  field('pkt_comment', 'Packet comments', 'protocol'),
  // Depends on what the display filter let through before: the CLI's single pass gives it (cli/displayed-time.ts).
  field('frame.time_delta_displayed', 'Time delta from previous displayed frame', 'reltime'),
]);
