import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import { registerPort, type Dissector, type PacketContext } from '../api';
import { field } from '../../fields/define';

// RFC 854 commands, named as tshark names them.
const COMMANDS: Record<number, string> = {
  240: 'Suboption End',
  241: 'No Operation',
  242: 'Data Mark',
  243: 'Break',
  244: 'Interrupt Process',
  245: 'Abort Output',
  246: 'Are You There?',
  247: 'Escape Character',
  248: 'Erase Line',
  249: 'Go Ahead',
  250: 'Suboption',
  251: 'Will',
  252: "Won't",
  253: 'Do',
  254: "Don't",
};

// Options (IANA telnet-options registry).
const OPTIONS: Record<number, string> = {
  0: 'Binary Transmission',
  1: 'Echo',
  2: 'Reconnection',
  3: 'Suppress Go Ahead',
  4: 'Approx Message Size Negotiation',
  5: 'Status',
  6: 'Timing Mark',
  7: 'Remote Controlled Trans and Echo',
  8: 'Output Line Width',
  9: 'Output Page Size',
  10: 'Output Carriage-Return Disposition',
  11: 'Output Horizontal Tab Stops',
  12: 'Output Horizontal Tab Disposition',
  13: 'Output Formfeed Disposition',
  14: 'Output Vertical Tabstops',
  15: 'Output Vertical Tab Disposition',
  16: 'Output Linefeed Disposition',
  17: 'Extended ASCII',
  18: 'Logout',
  19: 'Byte Macro',
  20: 'Data Entry Terminal',
  21: 'SUPDUP',
  22: 'SUPDUP Output',
  23: 'Send Location',
  24: 'Terminal Type',
  25: 'End of Record',
  26: 'TACACS User Identification',
  27: 'Output Marking',
  28: 'Terminal Location Number',
  29: 'Telnet 3270 Regime',
  30: 'X.3 PAD',
  31: 'Negotiate About Window Size',
  32: 'Terminal Speed',
  33: 'Remote Flow Control',
  34: 'Linemode',
  35: 'X Display Location',
  36: 'Environment Option',
  37: 'Authentication Option',
  38: 'Encryption Option',
  39: 'New Environment Option',
  40: 'TN3270E',
  41: 'XAUTH',
  42: 'CHARSET',
  43: 'Remote Serial Port',
  44: 'COM Port Control',
  45: 'Suppress Local Echo',
  46: 'Start TLS',
  47: 'KERMIT',
  48: 'SEND-URL',
  49: 'FORWARD_X',
  255: 'Extended-Options-List',
};

const ENC_COMMANDS: Record<number, string> = {
  0: 'IS',
  1: 'SUPPORT',
  2: 'REPLY',
  3: 'START',
  4: 'END',
  5: 'REQUEST-START',
  6: 'REQUEST-END',
  7: 'ENC_KEYID',
  8: 'DEC_KEYID',
};
const TERMINAL_TYPE: Record<number, string> = { 0: "Here's my Terminal Type", 1: 'Send your Terminal Type' };

registerFields([
  field('telnet', 'Telnet', 'protocol'),
  field('telnet.cmd', 'Command', 'uint', { values: COMMANDS }),
  field('telnet.subcmd', 'Subcommand', 'uint', { values: OPTIONS }),
  field('telnet.data', 'Data', 'string'),
  field('telnet.option_data', 'Option data', 'bytes'),
  field('telnet.naws_subopt.width', 'Width', 'uint'),
  field('telnet.naws_subopt.height', 'Height', 'uint'),
  field('telnet.string_subopt.value', 'Value', 'string'),
  field('telnet.rfc_subopt.cmd', 'Command', 'uint'),
  field('telnet.enc.cmd', 'Enc Cmd', 'uint', { values: ENC_COMMANDS }),
]);

const IAC = 255;
const SB = 250;
const SE = 240;
const WILL = 251;

/**
 * Telnet (RFC 854/855): data lines and option negotiation (IAC commands, suboptions up to IAC SE). Each
 * segment stands alone, as in tshark, whose Info is always "Telnet Data ...".
 */
export const telnet: Dissector = {
  name: 'telnet',
  yields: ['telnet'],
  stream(data, ctx) {
    ctx.columns.protocol = 'TELNET';
    ctx.columns.info = 'Telnet Data ...';
    ctx.tree.open('telnet', data.abs(0), data.length);
    for (let p = 0; p < data.length;) {
      const iac = data.indexOf(IAC, p);
      const textEnd = iac < 0 ? data.length : iac;
      if (textEnd > p) text(data, p, textEnd, ctx);
      p = textEnd < data.length ? command(data, textEnd, ctx) : textEnd;
    }
    ctx.tree.close();
    return data.length;
  },
};

registerPort('tcp', 23, telnet);

/** Data between commands, one item per line; lines end at LF, CR LF, CR NUL (a bare CR, RFC 854) or a lone CR. */
function text(data: Bytes, from: number, to: number, ctx: PacketContext): void {
  for (let p = from; p < to;) {
    let end = p;
    while (end < to && data.u8(end) !== 0x0a && data.u8(end) !== 0x0d) end++;
    let next = end < to ? end + 1 : end;
    if (end < to && data.u8(end) === 0x0d && next < to && (data.u8(next) === 0x0a || data.u8(next) === 0)) next++;
    // The value stops at a NUL, as a C string does.
    const nul = data.bytes(p, next - p).indexOf(0);
    ctx.tree.add('telnet.data', data.abs(p), next - p, data.text(p, nul < 0 ? next - p : nul));
    p = next;
  }
}

/** The IAC sequence at `at`; returns where the data after it starts. */
function command(data: Bytes, at: number, ctx: PacketContext): number {
  const { tree } = ctx;
  const cmd = data.u8(at + 1);
  if (cmd === IAC) {
    tree.add('telnet.data', data.abs(at + 1), 1, '\xff');
    return at + 2;
  }
  const name = COMMANDS[cmd] ?? `Unknown (${cmd})`;
  if (cmd === SB) return suboption(data, at, ctx);
  if (cmd >= WILL && cmd <= 254) {
    const option = data.u8(at + 2);
    tree.openText(`${name} ${optionName(option)}`, data.abs(at), 3);
    tree.add('telnet.cmd', data.abs(at + 1), 1, cmd);
    tree.add('telnet.subcmd', data.abs(at + 2), 1, option);
    tree.close();
    return at + 3;
  }
  tree.openText(name, data.abs(at), 2);
  tree.add('telnet.cmd', data.abs(at + 1), 1, cmd);
  tree.close();
  return at + 2;
}

/** IAC SB option ... IAC SE (RFC 855); without its IAC SE the suboption runs to the segment's end. */
function suboption(data: Bytes, at: number, ctx: PacketContext): number {
  const { tree } = ctx;
  const option = data.u8(at + 2);
  let end = at + 3;
  while (end < data.length && !(data.u8(end) === IAC && end + 1 < data.length && data.u8(end + 1) === SE)) {
    end += data.u8(end) === IAC && end + 1 < data.length ? 2 : 1;
  }
  tree.openText(`Suboption ${optionName(option)}`, data.abs(at), end - at);
  tree.add('telnet.cmd', data.abs(at + 1), 1, SB);
  tree.open('telnet.subcmd', data.abs(at + 2), 1).value = option;
  suboptionData(data.sub(at + 3, end - at - 3), option, ctx);
  tree.close();
  tree.close();
  if (end >= data.length) return end;
  tree.openText('Suboption End', data.abs(end), 2);
  tree.add('telnet.cmd', data.abs(end + 1), 1, SE);
  tree.close();
  return end + 2;
}

function suboptionData(body: Bytes, option: number, ctx: PacketContext): void {
  const { tree } = ctx;
  if (body.length === 0) return;
  switch (option) {
    case 24: {
      const kind = body.u8(0);
      tree.add('telnet.subcmd', body.abs(0), 1, kind, TERMINAL_TYPE[kind]);
      if (body.length > 1)
        tree.add('telnet.string_subopt.value', body.abs(1), body.length - 1, body.text(1, body.length - 1));
      return;
    }
    case 31:
      tree.add('telnet.naws_subopt.width', body.abs(0), 2, body.u16(0));
      tree.add('telnet.naws_subopt.height', body.abs(2), 2, body.u16(2));
      return;
    case 33:
      tree.add('telnet.rfc_subopt.cmd', body.abs(0), 1, body.u8(0));
      return;
    case 38:
      tree.add('telnet.enc.cmd', body.abs(0), 1, body.u8(0));
      if (body.length > 1) tree.add('telnet.option_data', body.abs(1), body.length - 1);
      return;
    default:
      tree.add('telnet.option_data', body.abs(0), body.length);
  }
}

function optionName(option: number): string {
  return OPTIONS[option] ?? `Unknown (${option})`;
}
