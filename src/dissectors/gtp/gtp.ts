import './fields';
import { elapsedNs, registerPort, type Dissector, type Timestamp } from '../api';
import { GTP_MESSAGES, GTPV2_MESSAGES } from '../../fields/gtp-names';
import { relativeTime } from '../format';
import { gtpV1 } from './v1';
import { gtpV2 } from './v2';

interface Pending {
  frame: number;
  time: Timestamp;
}

/** Requests of a conversation waiting for their response, by version and sequence number. */
type Requests = Map<string, Pending>;

const isRequest = (name: string | undefined) => /request$/i.test(name ?? '');
const isResponse = (name: string | undefined) => /response$/i.test(name ?? '');

/**
 * GTP's messages with information elements: GTP-C v1 and v2 (UDP 2123) and GTP-U's own messages (UDP 2152: echo,
 * Error Indication, End Marker). The user packets GTP-U carries are the core's (assembly/decode/gtp.ts), which opens
 * them as packets of their own. A response names its request (matched by sequence number) and the time since.
 */
export const gtp: Dissector = {
  name: 'gtp',
  yields: ['gtp', 'gtpv2', 'e212', 'e164'],
  datagram(data, ctx) {
    const version = data.u8(0) >> 5;
    const requests = ctx.state<Requests>(() => new Map());
    const { type, seq } = version === 2 ? gtpV2(data, ctx) : gtpV1(data, ctx);
    const name = version === 2 ? GTPV2_MESSAGES[type] : GTP_MESSAGES[type];
    // GTPv2's echo is not paired (Wireshark pairs its other requests only).
    if (seq === undefined || (version === 2 && type <= 2)) return ctx.tree.close();
    const key = `${version} ${seq}`;
    if (isRequest(name)) requests.set(key, { frame: ctx.frame, time: ctx.time });
    else if (isResponse(name)) {
      const request = requests.get(key);
      if (request) {
        const prefix = version === 2 ? 'gtpv2' : 'gtp';
        const delay = elapsedNs(request.time, ctx.time);
        ctx.tree.add(`${prefix}.response_to`, 0, 0, request.frame, `[Response To: ${request.frame}]`);
        ctx.tree.add(
          version === 2 ? 'gtpv2.response_time' : 'gtp.time',
          0,
          0,
          delay,
          `[${version === 2 ? 'Response Time' : 'Time'}: ${relativeTime(delay)} seconds]`,
        );
      }
    }
    ctx.tree.close();
  },
};

registerPort('udp', 2123, gtp);
registerPort('udp', 2152, gtp);
