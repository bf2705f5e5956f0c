import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import type { PacketContext } from '../api';
import { field } from '../../fields/define';

registerFields([
  field('sdp', 'Session Description Protocol', 'protocol'),
  field('sdp.version', 'Session Description Protocol Version (v)', 'string'),
  field('sdp.owner', 'Owner/Creator, Session Id (o)', 'string'),
  field('sdp.owner.username', 'Owner Username', 'string'),
  field('sdp.owner.sessionid', 'Session ID', 'string'),
  field('sdp.owner.version', 'Session Version', 'string'),
  field('sdp.owner.network_type', 'Owner Network Type', 'string'),
  field('sdp.owner.address_type', 'Owner Address Type', 'string'),
  field('sdp.owner.address', 'Owner Address', 'string'),
  field('sdp.session_name', 'Session Name (s)', 'string'),
  field('sdp.session_info', 'Session Information (i)', 'string'),
  field('sdp.uri', 'URI of Description (u)', 'string'),
  field('sdp.email', 'E-mail Address (e)', 'string'),
  field('sdp.phone', 'Phone Number (p)', 'string'),
  field('sdp.connection_info', 'Connection Information (c)', 'string'),
  field('sdp.connection_info.network_type', 'Connection Network Type', 'string'),
  field('sdp.connection_info.address_type', 'Connection Address Type', 'string'),
  field('sdp.connection_info.address', 'Connection Address', 'string'),
  field('sdp.bandwidth', 'Bandwidth Information (b)', 'string'),
  field('sdp.bandwidth.modifier', 'Bandwidth Modifier', 'string'),
  field('sdp.bandwidth.value', 'Bandwidth Value', 'string'),
  field('sdp.time', 'Time Description, active time (t)', 'string'),
  field('sdp.time.start', 'Session Start Time', 'string'),
  field('sdp.time.stop', 'Session Stop Time', 'string'),
  field('sdp.repeat_time', 'Repeat Time (r)', 'string'),
  field('sdp.timezone', 'Time Zone Adjustments (z)', 'string'),
  field('sdp.encryption_key', 'Encryption Key (k)', 'string'),
  field('sdp.session_attr', 'Session Attribute (a)', 'string'),
  field('sdp.session_attr.field', 'Session Attribute Fieldname', 'string'),
  field('sdp.session_attr.value', 'Session Attribute Value', 'string'),
  field('sdp.media', 'Media Description, name and address (m)', 'string'),
  field('sdp.media.media', 'Media Type', 'string'),
  field('sdp.media.port_string', 'Media Port', 'string'),
  field('sdp.media.port', 'Media Port', 'uint', { bits: 16 }),
  field('sdp.media.portcount', 'Media Port Count', 'string'),
  field('sdp.media.proto', 'Media Protocol', 'string'),
  field('sdp.media.format', 'Media Format', 'string'),
  field('sdp.media_title', 'Media Title (i)', 'string'),
  field('sdp.media_attr', 'Media Attribute (a)', 'string'),
  field('sdp.media_attribute.field', 'Media Attribute Fieldname', 'string'),
  field('sdp.media_attribute.value', 'Media Attribute Value', 'string'),
  field('sdp.mime.type', 'MIME Type', 'string'),
  field('sdp.sample_rate', 'Sample Rate', 'string'),
  field('sdp.unknown', 'Unknown', 'string'),
  field('sdp.invalid', 'Invalid line', 'string'),
]);

/** Static RTP payload types (RFC 3551 §6) by the names tshark gives them. */
const PAYLOAD_TYPES: Record<number, string> = {
  0: 'ITU-T G.711 PCMU',
  3: 'GSM 06.10',
  4: 'ITU-T G.723',
  5: 'DVI4 8000 samples/s',
  6: 'DVI4 16000 samples/s',
  7: 'Experimental linear predictive encoding',
  8: 'ITU-T G.711 PCMA',
  9: 'ITU-T G.722',
  10: 'L16 audio, 2 channels',
  11: 'L16 audio, 1 channel',
  12: 'QCELP',
  13: 'Comfort noise (CN)',
  14: 'MPEG-I/II Audio',
  15: 'ITU-T G.728',
  16: 'DVI4 11025 samples/s',
  17: 'DVI4 22050 samples/s',
  18: 'ITU-T G.729',
  25: 'Sun CellB video encoding',
  26: 'JPEG-compressed video',
  28: "'nv' program",
  31: 'ITU-T H.261',
  32: 'MPEG-I/II Video',
  33: 'MPEG-II transport streams',
  34: 'ITU-T H.263',
};

/** One "x=..." line's field and the subfields it splits into (space-separated parts in order). */
const LINES: Record<string, { field: string; parts?: string[] }> = {
  v: { field: 'sdp.version' },
  o: {
    field: 'sdp.owner',
    parts: [
      'sdp.owner.username',
      'sdp.owner.sessionid',
      'sdp.owner.version',
      'sdp.owner.network_type',
      'sdp.owner.address_type',
      'sdp.owner.address',
    ],
  },
  s: { field: 'sdp.session_name' },
  u: { field: 'sdp.uri' },
  e: { field: 'sdp.email' },
  p: { field: 'sdp.phone' },
  c: {
    field: 'sdp.connection_info',
    parts: ['sdp.connection_info.network_type', 'sdp.connection_info.address_type', 'sdp.connection_info.address'],
  },
  t: { field: 'sdp.time', parts: ['sdp.time.start', 'sdp.time.stop'] },
  r: { field: 'sdp.repeat_time' },
  z: { field: 'sdp.timezone' },
  k: { field: 'sdp.encryption_key' },
};

/** A session description (RFC 8866): each line as its field, with the parts tshark splits out. */
export function dissectSdp(body: Bytes, ctx: PacketContext): void {
  const { tree } = ctx;
  tree.open('sdp', body.abs(0), body.length);
  let inMedia = false;
  for (let p = 0; p < body.length;) {
    const lf = body.indexOf(0x0a, p);
    const next = lf < 0 ? body.length : lf + 1;
    const end = lf < 0 ? body.length : lf > p && body.u8(lf - 1) === 0x0d ? lf - 1 : lf;
    const line = body.text(p, end - p);
    const valueAt = p + 2;
    const value = line.slice(2);
    if (line.length < 2 || line[1] !== '=') {
      if (line) tree.add('sdp.invalid', body.abs(p), end - p, line);
    } else if (line[0] === 'm') {
      inMedia = true;
      media(body, valueAt, value, ctx);
    } else if (line[0] === 'a') {
      attribute(body, valueAt, value, ctx, inMedia);
    } else if (line[0] === 'i') {
      tree.add(inMedia ? 'sdp.media_title' : 'sdp.session_info', body.abs(valueAt), value.length, value);
    } else if (line[0] === 'b') {
      tree.open('sdp.bandwidth', body.abs(valueAt), value.length, undefined, value);
      const colon = value.indexOf(':');
      if (colon > 0) {
        tree.add('sdp.bandwidth.modifier', body.abs(valueAt), colon, value.slice(0, colon));
        tree.add(
          'sdp.bandwidth.value',
          body.abs(valueAt + colon + 1),
          value.length - colon - 1,
          value.slice(colon + 1),
        );
      }
      tree.close();
    } else {
      const known = LINES[line[0]];
      if (!known) tree.add('sdp.unknown', body.abs(p), end - p, line);
      else {
        tree.open(known.field, body.abs(valueAt), value.length, undefined, value);
        if (known.parts)
          splitWords(value)
            .slice(0, known.parts.length)
            .forEach((w, i) => tree.add(known.parts![i], body.abs(valueAt + w.at), w.word.length, w.word));
        tree.close();
      }
    }
    p = next;
  }
  tree.close();
}

function splitWords(text: string): { word: string; at: number }[] {
  const out = [];
  const re = /\S+/g;
  for (let m; (m = re.exec(text));) out.push({ word: m[0], at: m.index });
  return out;
}

function media(body: Bytes, at: number, value: string, ctx: PacketContext): void {
  const { tree } = ctx;
  tree.open('sdp.media', body.abs(at), value.length, undefined, value);
  const [type, port, proto, ...formats] = splitWords(value);
  if (type) tree.add('sdp.media.media', body.abs(at + type.at), type.word.length, type.word);
  if (port) {
    const [number, count] = port.word.split('/');
    tree.add('sdp.media.port_string', body.abs(at + port.at), number.length, number);
    if (/^\d+$/.test(number) && Number(number) < 65536)
      tree.add('sdp.media.port', body.abs(at + port.at), number.length, Number(number));
    if (count !== undefined)
      tree.add('sdp.media.portcount', body.abs(at + port.at + number.length + 1), count.length, count);
  }
  if (proto) tree.add('sdp.media.proto', body.abs(at + proto.at), proto.word.length, proto.word);
  const rtp = proto?.word.startsWith('RTP/');
  for (const f of formats)
    tree.add('sdp.media.format', body.abs(at + f.at), f.word.length, rtp ? payloadName(f.word) : f.word);
  tree.close();
}

function payloadName(format: string): string {
  const n = Number(format);
  if (!/^\d+$/.test(format)) return format;
  return PAYLOAD_TYPES[n] ?? (n >= 96 && n <= 127 ? `DynamicRTP-Type-${n}` : format);
}

function attribute(body: Bytes, at: number, value: string, ctx: PacketContext, inMedia: boolean): void {
  const { tree } = ctx;
  const colon = value.indexOf(':');
  tree.open(inMedia ? 'sdp.media_attr' : 'sdp.session_attr', body.abs(at), value.length, undefined, value);
  if (colon > 0) {
    const name = value.slice(0, colon);
    const rest = value.slice(colon + 1);
    const restAt = at + colon + 1;
    tree.add(inMedia ? 'sdp.media_attribute.field' : 'sdp.session_attr.field', body.abs(at), colon, name);
    const rtpmap = /^(\d+) ([^/]+)\/(\d+)/.exec(rest);
    if (name === 'rtpmap' && rtpmap) {
      tree.add('sdp.media.format', body.abs(restAt), rtpmap[1].length, rtpmap[1]);
      tree.add('sdp.mime.type', body.abs(restAt + rtpmap[1].length + 1), rtpmap[2].length, rtpmap[2]);
      tree.add(
        'sdp.sample_rate',
        body.abs(restAt + rtpmap[1].length + rtpmap[2].length + 2),
        rtpmap[3].length,
        rtpmap[3],
      );
    } else {
      tree.add(inMedia ? 'sdp.media_attribute.value' : 'sdp.session_attr.value', body.abs(restAt), rest.length, rest);
    }
  }
  tree.close();
}
