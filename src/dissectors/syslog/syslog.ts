import { registerFields } from '../../fields/registry';
import { Malformed, type Bytes } from '../bytes';
import { registerPort, type Dissector, type PacketContext } from '../api';
import { bitLine } from '../bit-line';
import { field } from '../../fields/define';

// RFC 5424 §6.2.1 facilities and severities: tshark's short names (Info) and descriptions (tree).
const FACILITIES: [string, string][] = [
  ['KERN', 'kernel messages'],
  ['USER', 'random user-level messages'],
  ['MAIL', 'mail system'],
  ['DAEMON', 'system daemons'],
  ['AUTH', 'security/authorization messages'],
  ['SYSLOG', 'messages generated internally by syslogd'],
  ['LPR', 'line printer subsystem'],
  ['NEWS', 'network news subsystem'],
  ['UUCP', 'UUCP subsystem'],
  ['CRON', 'clock daemon'],
  ['AUTHPRIV', 'security/authorization messages (private)'],
  ['FTP', 'ftp daemon'],
  ['NTP', 'NTP subsystem'],
  ['SECURITY', 'Log audit'],
  ['CONSOLE', 'Log alert'],
  ['SOLARIS-CRON', 'clock daemon'],
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((n): [string, string] => [`LOCAL${n}`, 'reserved for local use']),
];
const LEVELS: [string, string][] = [
  ['EMERG', 'system is unusable'],
  ['ALERT', 'action must be taken immediately'],
  ['CRIT', 'critical conditions'],
  ['ERR', 'error conditions'],
  ['WARNING', 'warning conditions'],
  ['NOTICE', 'normal but significant condition'],
  ['INFO', 'informational'],
  ['DEBUG', 'debug-level messages'],
];
const described = (names: [string, string][]) =>
  Object.fromEntries(names.map(([short, long], i) => [i, `${short} - ${long}`]));

registerFields([
  field('syslog', 'Syslog message', 'protocol'),
  field('syslog.facility', 'Facility', 'uint', { bits: 8, values: described(FACILITIES) }),
  field('syslog.level', 'Level', 'uint', { bits: 8, values: described(LEVELS) }),
  field('syslog.msg', 'Message', 'string'),
  field('syslog.version', 'Syslog version', 'string'),
  field('syslog.timestamp', 'Syslog timestamp', 'abstime'),
  field('syslog.timestamp_rfc3164', 'Syslog timestamp (RFC3164)', 'string'),
  field('syslog.hostname', 'Syslog hostname', 'string'),
  field('syslog.appname', 'Syslog app name', 'string'),
  field('syslog.procid', 'Syslog process id', 'string'),
  field('syslog.msgid', 'Syslog message id', 'string'),
]);

/** "<PRI>" (RFC 5424 §6.2.1, RFC 3164 §4.1.1): one to three digits. */
const PRI = /^<(\d{1,3})>/;
const RFC3164_TIMESTAMP = /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d /;

/**
 * Syslog over UDP (RFC 3164, RFC 5424): the priority split into facility and level, then the message, with
 * the header fields read off its space-separated tokens as tshark reads them (a token counts only when a space
 * follows it; the message id runs to the end).
 */
export const syslog: Dissector = {
  name: 'syslog',
  yields: ['syslog'],
  datagram(data, ctx) {
    ctx.columns.protocol = 'Syslog';
    const head = data.latin1(0, Math.min(5, data.length));
    const pri = PRI.exec(head);
    const at = pri ? pri[0].length : 0;
    if (data.length <= at) {
      // A priority with no message: tshark names the layer but shows only the malformed mark.
      ctx.tree.layer('syslog');
      ctx.columns.info = '';
      throw new Malformed('syslog message without text');
    }
    const text = data.text(at, data.length - at);
    const { tree } = ctx;
    const summary = pri ? `${priorityName(Number(pri[1]))}: ${text}` : text;
    ctx.columns.info = summary;
    tree.open('syslog', data.abs(0), data.length, `Syslog message: ${pri ? summary : `(unknown): ${text}`}`);
    if (pri) {
      const value = Number(pri[1]);
      const [facility, level] = [value >> 3, value & 7];
      tree.add(
        'syslog.facility',
        data.abs(0),
        at,
        facility,
        `${bitLine(value, 0xf8, 8)} = Facility: ${FACILITIES[facility] ? described(FACILITIES)[facility] : 'Unknown'} (${facility})`,
      );
      tree.add(
        'syslog.level',
        data.abs(0),
        at,
        level,
        `${bitLine(value, 0x07, 8)} = Level: ${described(LEVELS)[level]} (${level})`,
      );
    }
    tree.open('syslog.msg', data.abs(at), data.length - at, undefined, text);
    header(data.sub(at), ctx);
    tree.close();
    tree.close();
  },
};

registerPort('udp', 514, syslog);

function priorityName(value: number): string {
  return `${FACILITIES[value >> 3]?.[0] ?? 'UNKNOWN'}.${LEVELS[value & 7][0]}`;
}

/** Header fields are ASCII (RFC 5424 §6): a byte above 0x7f is not a character. */
function ascii(msg: Bytes, at: number, n: number): string {
  return Array.from(msg.bytes(at, n), (b) => (b < 0x80 ? String.fromCharCode(b) : '\ufffd')).join('');
}

/** Tokens that a space follows, each with its offset, from `from` on, at most `count` of them. */
function tokens(msg: Bytes, from: number, count: number): { at: number; text: string }[] {
  const out: { at: number; text: string }[] = [];
  for (let p = from; out.length < count;) {
    const space = msg.indexOf(0x20, p);
    if (space < 0) break;
    out.push({ at: p, text: ascii(msg, p, space - p) });
    p = space + 1;
  }
  return out;
}

function header(msg: Bytes, ctx: PacketContext): void {
  const { tree } = ctx;
  const start = msg.latin1(0, Math.min(16, msg.length));
  if (/^\d+ /.test(start)) {
    // RFC 5424 §6: VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID ...
    const fields = ['syslog.version', 'syslog.timestamp', 'syslog.hostname', 'syslog.appname', 'syslog.procid'];
    const found = tokens(msg, 0, fields.length);
    found.forEach((token, i) => {
      if (fields[i] === 'syslog.timestamp') timestamp(msg, token.at, token.text, ctx);
      else tree.add(fields[i], msg.abs(token.at), token.text.length, token.text);
    });
    if (found.length === fields.length) {
      const rest = found[4].at + found[4].text.length + 1;
      tree.add('syslog.msgid', msg.abs(rest), msg.length - rest, ascii(msg, rest, msg.length - rest));
    }
    return;
  }
  if (!RFC3164_TIMESTAMP.test(start)) return;
  // RFC 3164 §4.1.2: TIMESTAMP SP HOSTNAME SP TAG, the tag ending at the first character that is not alphanumeric.
  tree.add('syslog.timestamp_rfc3164', msg.abs(0), 15, ascii(msg, 0, 15));
  const [host] = tokens(msg, 16, 1);
  if (!host) return;
  tree.add('syslog.hostname', msg.abs(16), host.text.length, host.text);
  const tagAt = 16 + host.text.length + 1;
  let end = tagAt;
  while (end < msg.length && ![0x5b, 0x3a, 0x20].includes(msg.u8(end))) end++;
  if (end >= msg.length) return;
  tree.add('syslog.procid', msg.abs(tagAt), end - tagAt, ascii(msg, tagAt, end - tagAt));
  tree.add('syslog.msgid', msg.abs(end), msg.length - end, ascii(msg, end, msg.length - end));
}

const ISO_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** An RFC 5424 TIMESTAMP (RFC 3339) as nanoseconds since 1970 in UTC; the NILVALUE "-" is time zero. */
function timestamp(msg: Bytes, at: number, text: string, ctx: PacketContext): void {
  const m = ISO_TIME.exec(text);
  let ns = 0n;
  if (m) {
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    const offsetMinutes =
      zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    const seconds =
      Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000 - offsetMinutes * 60;
    ns = BigInt(seconds) * 1_000_000_000n + BigInt((frac ?? '').padEnd(9, '0'));
  }
  ctx.tree.add('syslog.timestamp', msg.abs(at), text.length, ns);
}
