import { DNS_CLASSES, DNS_OPCODES, DNS_RCODES } from '../dissectors/dns/fields';
import type { AppFacts, DnsMessage, HttpMessage } from './app-facts';
import { eachFrame } from './conversations';
import type { FrameFacts } from './frame-facts';
import { StatsTree } from './stats-tree';
import { dnsTypeDescription } from './dns-types';
import { addressFilter, all, filterString, lengthFilter, statusClassFilter } from './tree-filters';

/** The stats trees `-z <name>,tree` knows. */
export const TREE_NAMES = ['plen', 'http', 'http_req', 'http_srv', 'dns'] as const;
export type TreeName = (typeof TREE_NAMES)[number];

const msOf = (facts: FrameFacts, i: number) => facts.time(i) * 1000;

/** Packet lengths: every frame, in Wireshark's power-of-two ranges. */
export function packetLengthTree(facts: FrameFacts, frames?: Uint32Array): StatsTree {
  const tree = new StatsTree('Packet Lengths');
  const root = tree.root('Packet Lengths', { keepOrder: true, range: true, filter: 'frame' });
  const bounds = [0, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120];
  const ranges = bounds.map((low, k) => {
    const high = k + 1 < bounds.length ? bounds[k + 1] - 1 : undefined;
    const name = high === undefined ? `${low} and greater` : `${low}-${high}`;
    return root.child(name, { range: true, filter: lengthFilter(low, high) });
  });
  eachFrame(facts, frames, (i) => {
    const now = msOf(facts, i);
    const length = facts.length(i);
    tree.saw(now);
    root.value(length, now);
    let k = bounds.length - 1;
    while (length < bounds[k]) k--;
    ranges[k].value(length, now);
  });
  return tree;
}

const STATUS_CLASSES: Record<number, string> = {
  1: '1xx: Informational',
  2: '2xx: Success',
  3: '3xx: Redirection',
  4: '4xx: Client Error',
  5: '5xx: Server Error',
};

/** Calls `each` with every HTTP message of the frames, its frame index and time (ms). */
function eachHttp(
  facts: FrameFacts,
  app: AppFacts,
  frames: Uint32Array | undefined,
  each: (m: HttpMessage, i: number, now: number) => void,
): void {
  eachFrame(facts, frames, (i) => {
    for (const m of app.http.get(i) ?? []) each(m, i, msOf(facts, i));
  });
}

/** `http,tree`: HTTP messages by kind, requests by method, responses by status class and code. */
export function httpTree(facts: FrameFacts, app: AppFacts, frames?: Uint32Array): StatsTree {
  const tree = new StatsTree('HTTP/Packet Counter');
  const total = tree.root('Total HTTP Packets', { filter: 'http' });
  const requests = total.child('HTTP Request Packets', { filter: 'http.request' });
  const responses = total.child('HTTP Response Packets', { filter: 'http.response' });
  const classes = [1, 2, 3, 4, 5].map((c) => responses.child(STATUS_CLASSES[c], { filter: statusClassFilter(c) }));
  const broken = responses.child('???: broken', {
    filter: 'http.response.code < 100 || http.response.code > 599',
  });
  const other = total.child('Other HTTP Packets', { filter: 'http && !http.request && !http.response' });
  eachHttp(facts, app, frames, (m, _i, now) => {
    tree.saw(now);
    total.tick(now);
    if (m.kind === 'request') {
      requests.tick(now);
      requests.child(m.method ?? '', { filter: `http.request.method == ${filterString(m.method ?? '')}` }).tick(now);
    } else if (m.kind === 'response') {
      responses.tick(now);
      const code = m.code ?? 0;
      if (code < 100 || code > 599) return broken.tick(now);
      const node = classes[Math.floor(code / 100) - 1];
      node.tick(now);
      node.child(`${code} ${m.description ?? ''}`, { filter: `http.response.code == ${code}` }).tick(now);
    } else other.tick(now);
  });
  return tree;
}

/** `http_req,tree`: requests by host, then by URI. */
export function httpRequestTree(facts: FrameFacts, app: AppFacts, frames?: Uint32Array): StatsTree {
  const tree = new StatsTree('HTTP/Requests');
  const root = tree.root('HTTP Requests by HTTP Host', { filter: 'http.request && http.host' });
  eachHttp(facts, app, frames, (m, _i, now) => {
    tree.saw(now);
    if (m.kind !== 'request' || m.host === undefined) return;
    root.tick(now);
    const hostFilter = `http.host == ${filterString(m.host)}`;
    const host = root.child(m.host, { filter: all('http.request', hostFilter) });
    host.tick(now);
    if (m.uri !== undefined)
      host.child(m.uri, { filter: all(hostFilter, `http.request.uri == ${filterString(m.uri)}`) }).tick(now);
  });
  return tree;
}

/** `http_srv,tree`: requests by server address and host, responses by server address and status. */
export function httpServerTree(facts: FrameFacts, app: AppFacts, frames?: Uint32Array): StatsTree {
  const tree = new StatsTree('HTTP/Load Distribution');
  const requests = tree.root('HTTP Requests by Server', { filter: 'http.request' });
  const byAddress = requests.child('HTTP Requests by Server Address', { filter: 'http.request' });
  const byHost = requests.child('HTTP Requests by HTTP Host', { filter: 'http.request && http.host' });
  const responses = tree.root('HTTP Responses by Server Address', { filter: 'http.response' });
  eachHttp(facts, app, frames, (m, i, now) => {
    tree.saw(now);
    const net = facts.network(i);
    // Responses by server count as "OK" below 400, "KO" from there.
    if (m.kind === 'request') {
      requests.tick(now);
      const server = net?.dst ?? '';
      byAddress.tick(now);
      const serverFilter = server ? addressFilter('dst', server) : undefined;
      const address = byAddress.child(server, { filter: all('http.request', serverFilter) });
      address.tick(now);
      if (m.host !== undefined) {
        const hostFilter = `http.host == ${filterString(m.host)}`;
        address.child(m.host, { filter: all('http.request', serverFilter, hostFilter) }).tick(now);
        byHost.tick(now);
        const host = byHost.child(m.host, { filter: all('http.request', hostFilter) });
        host.tick(now);
        host.child(server, { filter: all('http.request', hostFilter, serverFilter) }).tick(now);
      }
    } else if (m.kind === 'response') {
      responses.tick(now);
      const server = net?.src ?? '';
      const serverFilter = server ? addressFilter('src', server) : undefined;
      const address = responses.child(server, { filter: all('http.response', serverFilter) });
      address.tick(now);
      const ok = (m.code ?? 0) < 400;
      const codeFilter = ok ? 'http.response.code < 400' : 'http.response.code >= 400';
      address.child(ok ? 'OK' : 'KO', { filter: all('http.response', serverFilter, codeFilter) }).tick(now);
    }
  });
  return tree;
}

const named = (table: Record<number, string>, value: number) => table[value] ?? `Unknown (${value})`;
const LABEL_LEVELS = ['1st Level', '2nd Level', '3rd Level', '4th Level or more'];

/** `dns,tree`: DNS messages by code, opcode, kind, type and class; sizes, query names, counts, response times. */
export function dnsTree(facts: FrameFacts, app: AppFacts, frames?: Uint32Array): StatsTree {
  const tree = new StatsTree('DNS');
  const total = tree.root('Total Packets', { filter: 'dns' });
  const [rcodes, opcodes, kinds, types, classes] = ['rcode', 'opcodes', 'Query/Response', 'Query Type', 'Class'].map(
    (name) => total.child(name, { filter: 'dns' }),
  );
  const payload = tree.root('Payload size');
  const queryStats = tree.root('Query Stats');
  const qnameLength = queryStats.child('Qname Len');
  const labelStats = queryStats.child('Label Stats');
  const levels = [...LABEL_LEVELS].reverse().map((name) => labelStats.child(name));
  levels.reverse();
  const responseStats = tree.root('Response Stats');
  const [questions, authorities, answers, additionals] = [
    'no. of questions',
    'no. of authorities',
    'no. of answers',
    'no. of additionals',
  ].map((name) => responseStats.child(name));
  const service = tree.root('Service Stats');
  const responseTime = service.child('request-response time (msec)', { floatValues: true });
  const unsolicited = service.child('no. of unsolicited responses');
  service.child('no. of retransmissions');
  eachFrame(facts, frames, (i) => {
    const now = msOf(facts, i);
    for (const m of app.dns.get(i) ?? []) countDns(m, now);
  });
  function countDns(m: DnsMessage, now: number): void {
    tree.saw(now);
    total.tick(now);
    const tick = (node: typeof total, name: string, filter: string) => {
      node.tick(now);
      node.child(name, { filter }).tick(now);
    };
    tick(rcodes, named(DNS_RCODES, m.rcode), `dns.flags.rcode == ${m.rcode}`);
    tick(opcodes, named(DNS_OPCODES, m.opcode), `dns.flags.opcode == ${m.opcode}`);
    tick(kinds, m.response ? 'Response' : 'Query', `dns.flags.response == ${m.response ? 1 : 0}`);
    if (m.qtype !== undefined) tick(types, dnsTypeDescription(m.qtype), `dns.qry.type == ${m.qtype}`);
    if (m.qclass !== undefined) tick(classes, named(DNS_CLASSES, m.qclass), `dns.qry.class == ${m.qclass}`);
    payload.value(m.size, now);
    if (!m.response) {
      if (m.qnameLength !== undefined) qnameLength.value(m.qnameLength, now);
      if (m.labels !== undefined) levels[Math.min(m.labels, 4) - 1]?.tick(now);
    }
    // Only responses count here, each twice (its value added twice, the extremes once): what tshark 4.0 shows.
    if (m.response) {
      for (const [node, n] of [
        [questions, m.questions],
        [authorities, m.authorities],
        [answers, m.answers],
        [additionals, m.additionals],
      ] as const) {
        node.value(n, now);
        node.value(n, now);
      }
    }
    if (m.response) {
      if (m.responseTime !== undefined)
        responseTime.value(Math.fround(m.responseTime * 1000), now); // a float in tshark;
      else if (m.responseTo === undefined) unsolicited.tick(now);
    }
  }
  return tree;
}

/** The named tree over `frames` (all when undefined). */
export function statsTree(name: TreeName, facts: FrameFacts, app: AppFacts, frames?: Uint32Array): StatsTree {
  if (name === 'plen') return packetLengthTree(facts, frames);
  if (name === 'http') return httpTree(facts, app, frames);
  if (name === 'http_req') return httpRequestTree(facts, app, frames);
  if (name === 'http_srv') return httpServerTree(facts, app, frames);
  return dnsTree(facts, app, frames);
}
