import { registerFields } from '../../fields/registry';
import { Malformed, type Bytes } from '../bytes';
import { registerPort, type Dissector, type PacketContext } from '../api';
import {
  APPLICATION,
  BER,
  bytesValue,
  CONTEXT_CLASS,
  integer,
  need,
  oid,
  parseBer,
  text,
  unsigned,
  type Der,
} from '../ber/ber';
import { bitLine } from '../bit-line';
import { field } from '../../fields/define';

// RFC 3416 §3 PDU choices, as tshark names them (Info, the data field's values).
const PDUS = [
  'get-request',
  'get-next-request',
  'get-response',
  'set-request',
  'trap',
  'getBulkRequest',
  'informRequest',
  'snmpV2-trap',
  'report',
];
const ELEMENTS = [
  'get_request',
  'get_next_request',
  'get_response',
  'set_request',
  'trap',
  'getBulkRequest',
  'informRequest',
  'snmpV2_trap',
  'report',
];
const GET_BULK = 5;
const TRAP_V1 = 4;
const RESPONSE = 2;
const VERSIONS = { 0: 'version-1', 1: 'v2c', 2: 'v2u', 3: 'snmpv3' };
// RFC 3416 §3 error-status.
const ERRORS = [
  'noError',
  'tooBig',
  'noSuchName',
  'badValue',
  'readOnly',
  'genErr',
  'noAccess',
  'wrongType',
  'wrongLength',
  'wrongEncoding',
  'wrongValue',
  'noCreation',
  'inconsistentValue',
  'resourceUnavailable',
  'commitFailed',
  'undoFailed',
  'authorizationError',
  'notWritable',
  'inconsistentName',
];
const GENERIC_TRAPS = [
  'coldStart',
  'warmStart',
  'linkDown',
  'linkUp',
  'authenticationFailure',
  'egpNeighborLoss',
  'enterpriseSpecific',
];
const named = (names: string[]) => Object.fromEntries(names.map((n, i) => [i, n]));

registerFields([
  field('snmp', 'Simple Network Management Protocol', 'protocol'),
  field('snmp.version', 'version', 'int', { values: VERSIONS }),
  field('snmp.community', 'community', 'string'),
  field('snmp.data', 'data', 'uint', { values: named(PDUS) }),
  ...ELEMENTS.map((e, i) => field(`snmp.${e}_element`, PDUS[i], 'none')),
  field('snmp.request_id', 'request-id', 'int'),
  field('snmp.error_status', 'error-status', 'int', { values: named(ERRORS) }),
  field('snmp.error_index', 'error-index', 'int'),
  field('snmp.non_repeaters', 'non-repeaters', 'uint'),
  field('snmp.max_repetitions', 'max-repetitions', 'uint'),
  field('snmp.variable_bindings', 'variable-bindings', 'uint'),
  field('snmp.name', 'Object Name', 'string'),
  field('snmp.value.int', 'Value (Integer32)', 'int'),
  field('snmp.value.octets', 'Value (OctetString)', 'bytes'),
  field('snmp.value.oid', 'Value (OID)', 'string'),
  field('snmp.value.null', 'Value (Null)', 'none'),
  field('snmp.value.ipv4', 'Value (IpAddress)', 'ipv4'),
  field('snmp.value.counter', 'Value (Counter32)', 'uint'),
  field('snmp.value.g32', 'Value (Gauge32)', 'uint'),
  field('snmp.value.timeticks', 'Value (Timeticks)', 'uint'),
  field('snmp.value.opaque', 'Value (Opaque)', 'bytes'),
  field('snmp.value.unk', 'Value (Unknown)', 'bytes'),
  field('snmp.noSuchObject', 'noSuchObject', 'none'),
  field('snmp.noSuchInstance', 'noSuchInstance', 'none'),
  field('snmp.endOfMibView', 'endOfMibView', 'none'),
  field('snmp.var-bind_str', 'Variable-binding-string', 'string'),
  field('snmp.enterprise', 'enterprise', 'string'),
  field('snmp.agent_addr', 'agent-addr', 'ipv4'),
  field('snmp.generic_trap', 'generic-trap', 'int', { values: named(GENERIC_TRAPS) }),
  field('snmp.specific_trap', 'specific-trap', 'int'),
  field('snmp.time_stamp', 'time-stamp', 'uint'),
  field('snmp.msgVersion', 'msgVersion', 'int', { values: VERSIONS }),
  field('snmp.msgGlobalData_element', 'msgGlobalData', 'none'),
  field('snmp.msgID', 'msgID', 'uint'),
  field('snmp.msgMaxSize', 'msgMaxSize', 'uint'),
  field('snmp.msgFlags', 'msgFlags', 'bytes'),
  field('snmp.v3.flags.report', 'Reportable', 'bool'),
  field('snmp.v3.flags.crypt', 'Encrypted', 'bool'),
  field('snmp.v3.flags.auth', 'Authenticated', 'bool'),
  field('snmp.msgSecurityModel', 'msgSecurityModel', 'uint', { values: { 1: 'SNMPv1', 2: 'SNMPv2c', 3: 'USM' } }),
  field('snmp.msgAuthoritativeEngineID', 'msgAuthoritativeEngineID', 'bytes'),
  field('snmp.msgAuthoritativeEngineBoots', 'msgAuthoritativeEngineBoots', 'uint'),
  field('snmp.msgAuthoritativeEngineTime', 'msgAuthoritativeEngineTime', 'uint'),
  field('snmp.msgUserName', 'msgUserName', 'string'),
  field('snmp.msgAuthenticationParameters', 'msgAuthenticationParameters', 'bytes'),
  field('snmp.msgPrivacyParameters', 'msgPrivacyParameters', 'bytes'),
  field('snmp.msgData', 'msgData', 'uint', { values: { 0: 'plaintext', 1: 'encryptedPDU' } }),
  field('snmp.plaintext_element', 'plaintext', 'none'),
  field('snmp.contextEngineID', 'contextEngineID', 'bytes'),
  field('snmp.contextName', 'contextName', 'string'),
  field('snmp.encryptedPDU', 'encryptedPDU', 'bytes'),
  field('snmp.response_in', 'Response In', 'framenum'),
  field('snmp.response_to', 'Response To', 'framenum'),
]);

/** OIDs whose OCTET STRING value tshark shows again as text (SNMPv2-MIB's sysDescr.0 and sysName.0). */
const DISPLAY_STRINGS = new Set(['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.5.0']);
const TOP_ARCS = ['itu-t', 'iso', 'joint-iso-itu-t'];

/** An OID with its first arc named, as tshark resolves one without MIBs ("iso.3.6.1..."). */
function resolvedOid(dotted: string): string {
  const [first, ...rest] = dotted.split('.');
  return [TOP_ARCS[Number(first)] ?? first, ...rest].join('.');
}

interface Requests {
  pending: Map<number, number>;
}

/**
 * SNMP (RFC 1157, RFC 3416, RFC 3412/3414 for v3's USM header) over UDP 161 and 162: the message's BER read
 * through asn1js, each variable binding's name and typed value; v3's encrypted PDUs stay opaque.
 */
export const snmp: Dissector = {
  name: 'snmp',
  yields: ['snmp'],
  datagram(data, ctx) {
    ctx.columns.protocol = 'SNMP';
    ctx.columns.info = '';
    const { tree } = ctx;
    tree.open('snmp', data.abs(0), data.length);
    const message = parseBer(data);
    const [version, second, third, fourth] = message.children;
    const v = integer(need(version, 'version'));
    if (v === 3) {
      tree.add('snmp.msgVersion', version.start, version.length, v);
      v3(need(second, 'msgGlobalData'), need(third, 'msgSecurityParameters'), need(fourth, 'msgData'), data, ctx);
    } else {
      tree.add('snmp.version', version.start, version.length, v);
      const community = need(second, 'community');
      tree.add('snmp.community', community.start, community.length, text(community));
      pdu(need(third, 'data'), ctx);
    }
    tree.close();
  },
};

registerPort('udp', 161, snmp);
registerPort('udp', 162, snmp);

function v3(global: Der, security: Der, msgData: Der, data: Bytes, ctx: PacketContext): void {
  const { tree } = ctx;
  tree.open('snmp.msgGlobalData_element', global.start, global.length);
  const [id, maxSize, flags, model] = global.children;
  tree.add('snmp.msgID', id.start, id.length, unsigned(id));
  tree.add('snmp.msgMaxSize', maxSize.start, maxSize.length, unsigned(maxSize));
  const f = flags.content[0] ?? 0;
  tree.open('snmp.msgFlags', flags.start, flags.length, undefined, flags.content);
  tree.add(
    'snmp.v3.flags.report',
    flags.contentStart,
    1,
    (f >> 2) & 1,
    `${bitLine(f, 4, 8)} = Reportable: ${f & 4 ? 'Set' : 'Not set'}`,
  );
  tree.add(
    'snmp.v3.flags.crypt',
    flags.contentStart,
    1,
    (f >> 1) & 1,
    `${bitLine(f, 2, 8)} = Encrypted: ${f & 2 ? 'Set' : 'Not set'}`,
  );
  tree.add(
    'snmp.v3.flags.auth',
    flags.contentStart,
    1,
    f & 1,
    `${bitLine(f, 1, 8)} = Authenticated: ${f & 1 ? 'Set' : 'Not set'}`,
  );
  tree.close();
  tree.add('snmp.msgSecurityModel', model.start, model.length, unsigned(model));
  tree.close();
  // USM's security parameters (RFC 3414 §2.4) are a BER SEQUENCE inside the OCTET STRING.
  const usm = parseBer(data.sub(security.contentStart - data.abs(0), security.content.length));
  const [engine, boots, time, user, auth, priv] = usm.children;
  tree.add('snmp.msgAuthoritativeEngineID', engine.start, engine.length, bytesValue(engine));
  tree.add('snmp.msgAuthoritativeEngineBoots', boots.start, boots.length, unsigned(boots));
  tree.add('snmp.msgAuthoritativeEngineTime', time.start, time.length, unsigned(time));
  tree.add('snmp.msgUserName', user.start, user.length, text(user));
  tree.add('snmp.msgAuthenticationParameters', auth.start, auth.length, bytesValue(auth));
  tree.add('snmp.msgPrivacyParameters', priv.start, priv.length, bytesValue(priv));
  if (msgData.tagClass === 1 && msgData.tag === BER.OCTET_STRING) {
    tree.add('snmp.msgData', msgData.start, msgData.length, 1);
    tree.add('snmp.encryptedPDU', msgData.start, msgData.length, bytesValue(msgData));
    ctx.columns.info = 'encryptedPDU: privKey Unknown';
    return;
  }
  tree.add('snmp.msgData', msgData.start, msgData.length, 0);
  tree.open('snmp.plaintext_element', msgData.start, msgData.length);
  const [contextEngine, contextName, inner] = msgData.children;
  tree.add('snmp.contextEngineID', contextEngine.start, contextEngine.length, bytesValue(contextEngine));
  tree.add('snmp.contextName', contextName.start, contextName.length, text(contextName));
  pdu(need(inner, 'data'), ctx);
  tree.close();
}

function pdu(e: Der, ctx: PacketContext): void {
  const { tree } = ctx;
  if (e.tagClass !== CONTEXT_CLASS || e.tag >= PDUS.length) throw new Malformed(`unknown SNMP PDU [${e.tag}]`);
  tree.add('snmp.data', e.start, e.length, e.tag);
  tree.open(`snmp.${ELEMENTS[e.tag]}_element`, e.start, e.length);
  let info = PDUS[e.tag];
  let bindings: Der;
  if (e.tag === TRAP_V1) {
    const [enterprise, agent, generic, specific, stamp, list] = e.children;
    const dotted = oid(enterprise);
    tree.add(
      'snmp.enterprise',
      enterprise.start,
      enterprise.length,
      dotted,
      `enterprise: ${dotted} (${resolvedOid(dotted)})`,
    );
    tree.add('snmp.agent_addr', agent.start, agent.length, unsigned(agent));
    tree.add('snmp.generic_trap', generic.start, generic.length, integer(generic));
    tree.add('snmp.specific_trap', specific.start, specific.length, integer(specific));
    tree.add('snmp.time_stamp', stamp.start, stamp.length, unsigned(stamp));
    info += ` ${resolvedOid(dotted)}`;
    bindings = need(list, 'variable-bindings');
  } else {
    const [id, status, index, list] = e.children;
    const requestId = integer(need(id, 'request-id'));
    tree.add('snmp.request_id', id.start, id.length, requestId);
    if (e.tag === GET_BULK) {
      tree.add('snmp.non_repeaters', status.start, status.length, unsigned(status));
      tree.add('snmp.max_repetitions', index.start, index.length, unsigned(index));
    } else {
      tree.add('snmp.error_status', status.start, status.length, integer(status));
      tree.add('snmp.error_index', index.start, index.length, integer(index));
    }
    bindings = need(list, 'variable-bindings');
    pair(e.tag, requestId, bindings, ctx);
  }
  const n = bindings.children.length;
  tree.open(
    'snmp.variable_bindings',
    bindings.start,
    bindings.length,
    `variable-bindings: ${n} item${n === 1 ? '' : 's'}`,
    n,
  );
  for (const binding of bindings.children) info += ` ${varBind(binding, ctx)}`;
  tree.close();
  tree.close();
  ctx.columns.info = info;
}

/** Requests are answered by a response (or a v3 report) with the same request-id from the other side. */
function pair(tag: number, requestId: number, bindings: Der, ctx: PacketContext): void {
  const { pending } = ctx.state<Requests>(() => ({ pending: new Map() }));
  if (tag === RESPONSE) {
    const request = pending.get(requestId);
    if (request !== undefined) ctx.tree.add('snmp.response_to', bindings.start + bindings.length, 0, request);
  } else if (tag !== 7 && tag !== 8) {
    pending.set(requestId, ctx.frame);
  }
}

/** One variable binding (RFC 3416 §3): its name, then its value by type. Returns the name. */
function varBind(binding: Der, ctx: PacketContext): string {
  const { tree } = ctx;
  const [name, value] = binding.children;
  const dotted = oid(need(name, 'name'));
  const shown = valueText(need(value, 'value'));
  tree.openText(`${dotted}: ${shown}`, binding.start, binding.length);
  tree.add('snmp.name', name.start, name.length, dotted, `Object Name: ${dotted} (${resolvedOid(dotted)})`);
  const at = [value.start, value.length] as const;
  if (value.tagClass === 1) {
    if (value.tag === BER.INTEGER) tree.add('snmp.value.int', ...at, integer(value));
    else if (value.tag === BER.NULL) tree.add('snmp.value.null', ...at, undefined, 'Value (Null)');
    else if (value.tag === BER.OID) {
      const v = oid(value);
      tree.add('snmp.value.oid', ...at, v, `Value (OID): ${v} (${resolvedOid(v)})`);
    } else if (value.tag === BER.OCTET_STRING) {
      tree.open('snmp.value.octets', ...at, `Value (OctetString): ${shown}`, bytesValue(value));
      if (DISPLAY_STRINGS.has(dotted)) {
        tree.layer('snmp');
        tree.add('snmp.var-bind_str', value.contentStart, value.content.length, text(value));
      }
      tree.close();
    } else tree.add('snmp.value.unk', ...at, value.content);
  } else if (value.tagClass === APPLICATION) {
    // RFC 2578 §7.1: IpAddress [0], Counter32 [1], Gauge32 [2], TimeTicks [3], Opaque [4], Counter64 [6].
    const fields: Record<number, string> = {
      0: 'snmp.value.ipv4',
      1: 'snmp.value.counter',
      2: 'snmp.value.g32',
      3: 'snmp.value.timeticks',
      4: 'snmp.value.opaque',
      6: 'snmp.value.counter',
    };
    const field = fields[value.tag] ?? 'snmp.value.unk';
    tree.add(field, ...at, value.tag === 4 || !fields[value.tag] ? value.content : unsigned(value));
  } else {
    const exceptions = ['snmp.noSuchObject', 'snmp.noSuchInstance', 'snmp.endOfMibView'];
    if (exceptions[value.tag]) tree.add(exceptions[value.tag], ...at);
    else tree.add('snmp.value.unk', ...at, value.content);
  }
  tree.close();
  return dotted;
}

const EXCEPTION_TEXT = [
  'No Such Object available on this agent at this OID',
  'No Such Instance currently exists at this OID',
  'No more variables left in this MIB View (It is past the end of the MIB tree)',
];

/** How the binding's line shows its value. */
function valueText(value: Der): string {
  if (value.tagClass === 1) {
    if (value.tag === BER.INTEGER) return String(integer(value));
    if (value.tag === BER.NULL) return 'Value (Null)';
    if (value.tag === BER.OID) return `${oid(value)} (${resolvedOid(oid(value))})`;
    if (value.tag === BER.OCTET_STRING) return `"${text(value)}"`;
  }
  if (value.tagClass === APPLICATION && value.tag === 0) return [...value.content].join('.');
  if (value.tagClass === APPLICATION && value.tag !== 4) return String(unsigned(value));
  if (value.tagClass === CONTEXT_CLASS && EXCEPTION_TEXT[value.tag]) return EXCEPTION_TEXT[value.tag];
  return [...value.content].map((b) => b.toString(16).padStart(2, '0')).join('');
}
