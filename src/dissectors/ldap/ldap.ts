import { registerFields } from '../../fields/registry';
import { Malformed, type Bytes } from '../bytes';
import { elapsedNs, ONE_MORE_SEGMENT, registerPort, type Dissector, type PacketContext } from '../api';
import { berElementLength, bytesValue, integer, need, parseBer, text, unsigned, type Der } from '../ber/ber';
import { relativeTime } from '../format';
import { ava, filter, FILTER_CHOICES } from './filter';
import { field } from '../../fields/define';

// RFC 4511 §4.2-4.14 protocolOp choices ([APPLICATION n]), as tshark names them.
const OPS: Record<number, string> = {
  0: 'bindRequest',
  1: 'bindResponse',
  2: 'unbindRequest',
  3: 'searchRequest',
  4: 'searchResEntry',
  5: 'searchResDone',
  6: 'modifyRequest',
  7: 'modifyResponse',
  8: 'addRequest',
  9: 'addResponse',
  10: 'delRequest',
  11: 'delResponse',
  12: 'modDNRequest',
  13: 'modDNResponse',
  14: 'compareRequest',
  15: 'compareResponse',
  16: 'abandonRequest',
  19: 'searchResRef',
  23: 'extendedReq',
  24: 'extendedResp',
  25: 'intermediateResponse',
};
const RESPONSES = new Set([1, 4, 5, 7, 9, 11, 13, 15, 19, 24, 25]);
// RFC 4511 Appendix A result codes.
const RESULTS: Record<number, string> = {
  0: 'success',
  1: 'operationsError',
  2: 'protocolError',
  3: 'timeLimitExceeded',
  4: 'sizeLimitExceeded',
  5: 'compareFalse',
  6: 'compareTrue',
  7: 'authMethodNotSupported',
  8: 'strongAuthRequired',
  10: 'referral',
  11: 'adminLimitExceeded',
  12: 'unavailableCriticalExtension',
  13: 'confidentialityRequired',
  14: 'saslBindInProgress',
  16: 'noSuchAttribute',
  17: 'undefinedAttributeType',
  18: 'inappropriateMatching',
  19: 'constraintViolation',
  20: 'attributeOrValueExists',
  21: 'invalidAttributeSyntax',
  32: 'noSuchObject',
  33: 'aliasProblem',
  34: 'invalidDNSyntax',
  36: 'aliasDereferencingProblem',
  48: 'inappropriateAuthentication',
  49: 'invalidCredentials',
  50: 'insufficientAccessRights',
  51: 'busy',
  52: 'unavailable',
  53: 'unwillingToPerform',
  54: 'loopDetect',
  64: 'namingViolation',
  65: 'objectClassViolation',
  66: 'notAllowedOnNonLeaf',
  67: 'notAllowedOnRDN',
  68: 'entryAlreadyExists',
  69: 'objectClassModsProhibited',
  71: 'affectsMultipleDSAs',
  80: 'other',
};
const SCOPES = { 0: 'baseObject', 1: 'singleLevel', 2: 'wholeSubtree' };
const DEREF = { 0: 'neverDerefAliases', 1: 'derefInSearching', 2: 'derefFindingBaseObj', 3: 'derefAlways' };
const AUTH = { 0: 'simple', 1: 'krbv42LDAP', 2: 'krbv42DSA', 3: 'sasl', 10: 'ntlmsspNegotiate', 11: 'ntlmsspAuth' };
const OPERATIONS = { 0: 'add', 1: 'delete', 2: 'replace', 3: 'increment' };
const element = (name: string) => field(`ldap.${name}_element`, name, 'none');

registerFields([
  field('ldap', 'Lightweight Directory Access Protocol', 'protocol'),
  field('cldap', 'Connectionless Lightweight Directory Access Protocol', 'protocol'),
  element('LDAPMessage'),
  field('ldap.messageID', 'messageID', 'uint'),
  field('ldap.protocolOp', 'protocolOp', 'uint', { values: OPS }),
  ...Object.values(OPS).map(element),
  field('ldap.version', 'version', 'uint'),
  field('ldap.name', 'name', 'string'),
  field('ldap.authentication', 'authentication', 'uint', { values: AUTH }),
  field('ldap.simple', 'simple', 'string'),
  element('sasl'),
  field('ldap.mechanism', 'mechanism', 'string'),
  field('ldap.credentials', 'credentials', 'bytes'),
  field('ldap.serverSaslCreds', 'serverSaslCreds', 'bytes'),
  field('ldap.resultCode', 'resultCode', 'uint', { values: RESULTS }),
  field('ldap.matchedDN', 'matchedDN', 'string'),
  field('ldap.errorMessage', 'errorMessage', 'string'),
  field('ldap.baseObject', 'baseObject', 'string'),
  field('ldap.scope', 'scope', 'uint', { values: SCOPES }),
  field('ldap.derefAliases', 'derefAliases', 'uint', { values: DEREF }),
  field('ldap.sizeLimit', 'sizeLimit', 'uint'),
  field('ldap.timeLimit', 'timeLimit', 'uint'),
  field('ldap.typesOnly', 'typesOnly', 'bool', { boolLabels: ['False', 'True'] }),
  field('ldap.filter', 'filter', 'uint', { values: Object.fromEntries(FILTER_CHOICES.map((c, i) => [i, c])) }),
  field('ldap.and', 'and', 'uint'),
  field('ldap.and_item', 'and item', 'uint'),
  field('ldap.or', 'or', 'uint'),
  field('ldap.or_item', 'or item', 'uint'),
  field('ldap.not', 'not', 'uint'),
  ...['equalityMatch', 'greaterOrEqual', 'lessOrEqual', 'approxMatch', 'extensibleMatch', 'substrings'].map(element),
  field('ldap.present', 'present', 'string'),
  field('ldap.attributeDesc', 'attributeDesc', 'string'),
  field('ldap.assertionValue', 'assertionValue', 'string'),
  field('ldap.substrings', 'substrings', 'uint'),
  field('ldap.substrings_item', 'substrings item', 'uint'),
  field('ldap.initial', 'initial', 'string'),
  field('ldap.any', 'any', 'string'),
  field('ldap.final', 'final', 'string'),
  field('ldap.matchingRule', 'matchingRule', 'string'),
  field('ldap.matchValue', 'matchValue', 'string'),
  field('ldap.dnAttributes', 'dnAttributes', 'bool', { boolLabels: ['False', 'True'] }),
  field('ldap.attributes', 'attributes', 'uint'),
  field('ldap.AttributeDescription', 'AttributeDescription', 'string'),
  field('ldap.objectName', 'objectName', 'string'),
  element('PartialAttributeList_item'),
  element('AttributeList_item'),
  element('modification_item'),
  element('ava'),
  field('ldap.type', 'type', 'string'),
  field('ldap.vals', 'vals', 'uint'),
  field('ldap.AttributeValue', 'AttributeValue', 'bytes'),
  field('ldap.entry', 'entry', 'string'),
  field('ldap.object', 'object', 'string'),
  field('ldap.modification', 'modification', 'uint'),
  field('ldap.operation', 'operation', 'uint', { values: OPERATIONS }),
  field('ldap.delRequest', 'delRequest', 'string'),
  field('ldap.newrdn', 'newrdn', 'string'),
  field('ldap.deleteoldrdn', 'deleteoldrdn', 'bool', { boolLabels: ['False', 'True'] }),
  field('ldap.newSuperior', 'newSuperior', 'string'),
  field('ldap.abandonRequest', 'abandonRequest', 'uint'),
  field('ldap.LDAPURL', 'LDAPURL', 'string'),
  field('ldap.searchResRef', 'searchResRef', 'uint'),
  field('ldap.requestName', 'requestName', 'string'),
  field('ldap.requestValue', 'requestValue', 'bytes'),
  field('ldap.responseName', 'responseName', 'string'),
  field('ldap.response', 'response', 'bytes'),
  field('ldap.controls', 'controls', 'uint'),
  element('Control'),
  field('ldap.controlType', 'controlType', 'string'),
  field('ldap.criticality', 'criticality', 'bool', { boolLabels: ['False', 'True'] }),
  field('ldap.controlValue', 'controlValue', 'bytes'),
  field('ldap.response_in', 'Response In', 'framenum'),
  field('ldap.response_to', 'Response To', 'framenum'),
  field('ldap.time', 'Time', 'reltime'),
]);

const plural = (n: number, what: string) => `${what}: ${n} item${n === 1 ? '' : 's'}`;

interface Conversation {
  /** Requests by messageID: their frame and time. */
  requests: Map<number, { frame: number; time: PacketContext['time'] }>;
  /** Entries searches returned in this conversation (tshark counts them per conversation, never resetting). */
  results: number;
}

/** One LDAPMessage (RFC 4511 §4.1.1) at the start of `data`; returns its Info text. */
export function ldapMessage(data: Bytes, ctx: PacketContext, layer: 'ldap' | 'cldap' = 'ldap'): string {
  const { tree } = ctx;
  const message = parseBer(data);
  tree.open(layer, data.abs(0), message.length);
  const [id, op, controls] = message.children;
  const messageId = unsigned(need(id, 'messageID'));
  if (!op || op.tagClass !== 2) throw new Malformed('LDAPMessage without protocolOp');
  const name = OPS[op.tag] ?? `Unknown operation (${op.tag})`;
  const summary = tree.open('ldap.LDAPMessage_element', message.start, message.length);
  tree.add('ldap.messageID', id.start, id.length, messageId);
  tree.open('ldap.protocolOp', op.start, op.length, `protocolOp: ${name} (${op.tag})`, op.tag);
  const conversation = ctx.state<Conversation>(() => ({ requests: new Map(), results: 0 }));
  const parts = operation(op, ctx);
  tree.close();
  if (controls && controls.tagClass === 3 && controls.tag === 0) controlList(controls, ctx);
  let info = `${name}(${messageId}) ${parts.map((p) => `${p} `).join('')}`;
  let line = `LDAPMessage ${name}(${messageId})${parts.map((p) => ` ${p}`).join('')}`;
  if (op.tag === 5) {
    const n = conversation.results;
    info += ` [${n} result${n === 1 ? '' : 's'}]`;
    line += ` [${n} result${n === 1 ? '' : 's'}]`;
  } else if (op.tag === 4) {
    const n = ++conversation.results;
    line += ` [${n} result${n === 1 ? '' : 's'}]`;
  }
  summary.text = line;
  pair(op.tag, messageId, message, ctx, conversation);
  tree.close();
  tree.close();
  return info;
}

function pair(tag: number, messageId: number, message: Der, ctx: PacketContext, conversation: Conversation): void {
  const end = message.start + message.length;
  if (RESPONSES.has(tag)) {
    const request = conversation.requests.get(messageId);
    if (!request) return;
    ctx.tree.add('ldap.response_to', end, 0, request.frame);
    const delay = elapsedNs(request.time, ctx.time);
    ctx.tree.add('ldap.time', end, 0, delay, `Time: ${relativeTime(delay)} seconds`);
  } else if (tag !== 2 && tag !== 16) {
    conversation.requests.set(messageId, { frame: ctx.frame, time: ctx.time });
  }
}

const dn = (e: Der) => {
  const t = text(e);
  return `"${t || '<ROOT>'}"`;
};

/** The operation's subtree; returns the words Info and the message line show after "op(id)". */
function operation(op: Der, ctx: PacketContext): string[] {
  const { tree } = ctx;
  const c = op.children;
  const add = (field: string, e: Der | undefined, value: unknown = e ? text(e) : '') => {
    if (e) tree.add(field, e.start, e.length, value as string);
  };
  tree.open(`ldap.${OPS[op.tag] ?? 'unknown'}_element`, op.start, op.length);
  let parts: string[] = [];
  try {
    switch (op.tag) {
      case 0: {
        const [version, name, auth] = c;
        tree.add('ldap.version', version.start, version.length, unsigned(version));
        add('ldap.name', name);
        const kind = need(auth, 'authentication');
        const method = AUTH[kind.tag as keyof typeof AUTH] ?? `${kind.tag}`;
        tree.open('ldap.authentication', kind.start, kind.length, `authentication: ${method} (${kind.tag})`, kind.tag);
        if (kind.tag === 0) add('ldap.simple', kind);
        else if (kind.tag === 3) {
          tree.open('ldap.sasl_element', kind.start, kind.length);
          const [mechanism, credentials] = kind.children;
          add('ldap.mechanism', mechanism);
          if (credentials) tree.add('ldap.credentials', credentials.start, credentials.length, credentials.content);
          tree.close();
          parts = [dn(name), `${method}`];
          if (mechanism) parts.push(text(mechanism));
          break;
        }
        tree.close();
        parts = [dn(name), method];
        break;
      }
      case 1:
      case 5:
      case 7:
      case 9:
      case 11:
      case 13:
      case 15:
      case 24:
        parts = [result(c, tree)];
        if (op.tag === 1) {
          const creds = c.find((e) => e.tagClass === 3 && e.tag === 7);
          if (creds) tree.add('ldap.serverSaslCreds', creds.start, creds.length, creds.content);
        }
        if (op.tag === 24) {
          const responseName = c.find((e) => e.tagClass === 3 && e.tag === 10);
          const value = c.find((e) => e.tagClass === 3 && e.tag === 11);
          if (responseName) add('ldap.responseName', responseName);
          if (value) tree.add('ldap.response', value.start, value.length, bytesValue(value));
          parts = [];
        }
        break;
      case 2:
        break;
      case 3:
        parts = search(c, tree);
        break;
      case 4: {
        const [name, attributes] = c;
        add('ldap.objectName', name);
        attributeList(attributes, tree, 'PartialAttributeList_item');
        parts = [dn(name)];
        break;
      }
      case 6: {
        const [object, changes] = c;
        add('ldap.object', object);
        const n = changes?.children.length ?? 0;
        tree.open('ldap.modification', changes.start, changes.length, plural(n, 'modification'), n);
        for (const change of changes.children) {
          tree.open('ldap.modification_item_element', change.start, change.length);
          const [operationCode, attribute] = change.children;
          tree.add('ldap.operation', operationCode.start, operationCode.length, integer(operationCode));
          attributeValues(attribute, tree, `modification ${text(attribute.children[0])}`, 'modification_item');
          tree.close();
        }
        tree.close();
        parts = [dn(object)];
        break;
      }
      case 8: {
        const [entry, attributes] = c;
        add('ldap.entry', entry);
        attributeList(attributes, tree, 'AttributeList_item');
        parts = [dn(entry)];
        break;
      }
      case 10:
        tree.add('ldap.delRequest', op.start, op.length, text(op));
        parts = [dn(op)];
        break;
      case 12: {
        const [entry, rdn, deleteOld, superior] = c;
        add('ldap.entry', entry);
        add('ldap.newrdn', rdn);
        if (deleteOld) tree.add('ldap.deleteoldrdn', deleteOld.start, deleteOld.length, deleteOld.content[0] ? 1 : 0);
        if (superior) add('ldap.newSuperior', superior);
        parts = [dn(entry)];
        break;
      }
      case 14: {
        const [entry, assertion] = c;
        add('ldap.entry', entry);
        tree.open('ldap.ava_element', assertion.start, assertion.length);
        ava(assertion, tree);
        tree.close();
        parts = [dn(entry)];
        break;
      }
      case 16:
        tree.add('ldap.abandonRequest', op.start, op.length, unsigned(op));
        break;
      case 19: {
        tree.add('ldap.searchResRef', op.start, op.length, c.length, plural(c.length, 'searchResRef'));
        break;
      }
      case 23: {
        const [requestName, value] = c;
        const oid = text(requestName);
        tree.add('ldap.requestName', requestName.start, requestName.length, oid);
        if (value) tree.add('ldap.requestValue', value.start, value.length, value.content);
        parts = [/^[\d.]+$/.test(oid) ? resolvedOid(oid) : oid];
        break;
      }
    }
  } finally {
    tree.close();
  }
  return parts;
}

const resolvedOid = (oid: string) =>
  oid.replace(/^1\./, 'iso.').replace(/^0\./, 'itu-t.').replace(/^2\./, 'joint-iso-itu-t.');

/** An LDAPResult's fields (RFC 4511 §4.1.9); returns the result code's name. */
function result(c: Der[], tree: PacketContext['tree']): string {
  const [code, matched, message] = c;
  const value = integer(need(code, 'resultCode'));
  tree.add('ldap.resultCode', code.start, code.length, value);
  if (matched) tree.add('ldap.matchedDN', matched.start, matched.length, text(matched));
  if (message) tree.add('ldap.errorMessage', message.start, message.length, text(message));
  const referral = c.find((e) => e.tagClass === 3 && e.tag === 3);
  if (referral) {
    tree.open('ldap.referral', referral.start, referral.length, plural(referral.children.length, 'referral'));
    for (const url of referral.children) tree.add('ldap.LDAPURL', url.start, url.length, text(url));
    tree.close();
  }
  const name = RESULTS[value] ?? `Unknown result(${value})`;
  const why = message ? text(message) : '';
  return why ? `${name} (${why})` : name;
}

function search(c: Der[], tree: PacketContext['tree']): string[] {
  const [base, scope, deref, size, time, typesOnly, criteria, attributes] = c;
  tree.add('ldap.baseObject', base.start, base.length, text(base));
  const scopeValue = integer(scope);
  tree.add('ldap.scope', scope.start, scope.length, scopeValue);
  tree.add('ldap.derefAliases', deref.start, deref.length, integer(deref));
  tree.add('ldap.sizeLimit', size.start, size.length, unsigned(size));
  tree.add('ldap.timeLimit', time.start, time.length, unsigned(time));
  tree.add(
    'ldap.typesOnly',
    typesOnly.start,
    typesOnly.length,
    typesOnly.content[0] ? 1 : 0,
    `typesOnly: ${typesOnly.content[0] ? 'True' : 'False'}`,
  );
  filter(need(criteria, 'filter'), tree, 'ldap.filter');
  const n = attributes?.children.length ?? 0;
  if (attributes) {
    tree.open('ldap.attributes', attributes.start, attributes.length, plural(n, 'attributes'), n);
    for (const a of attributes.children) tree.add('ldap.AttributeDescription', a.start, a.length, text(a));
    tree.close();
  }
  return [dn(base), SCOPES[scopeValue as keyof typeof SCOPES] ?? `${scopeValue}`];
}

/** An entry's attributes: each a type and a set of values. */
function attributeList(list: Der | undefined, tree: PacketContext['tree'], element: string): void {
  if (!list) return;
  const n = list.children.length;
  tree.open('ldap.attributes', list.start, list.length, plural(n, 'attributes'), n);
  for (const attribute of list.children) {
    attributeValues(
      attribute,
      tree,
      `${element.replace(/_item$/, ' item').replace(/_/g, '')} ${text(attribute.children[0])}`,
      element,
    );
  }
  tree.close();
}

function attributeValues(attribute: Der, tree: PacketContext['tree'], line: string, element: string): void {
  const [type, values] = attribute.children;
  tree.open(`ldap.${element}_element`, attribute.start, attribute.length, line);
  tree.add('ldap.type', type.start, type.length, text(type));
  const n = values?.children.length ?? 0;
  if (values) {
    tree.open('ldap.vals', values.start, values.length, plural(n, 'vals'), n);
    for (const v of values.children)
      tree.add('ldap.AttributeValue', v.start, v.length, v.content, `AttributeValue: ${text(v)}`);
    tree.close();
  }
  tree.close();
}

function controlList(controls: Der, ctx: PacketContext): void {
  const { tree } = ctx;
  const n = controls.children.length;
  tree.open('ldap.controls', controls.start, controls.length, plural(n, 'controls'), n);
  for (const control of controls.children) {
    tree.open('ldap.Control_element', control.start, control.length);
    const [type, ...rest] = control.children;
    if (type) tree.add('ldap.controlType', type.start, type.length, text(type));
    const critical = rest.find((p) => p.tag === 1);
    if (critical) tree.add('ldap.criticality', critical.start, critical.length, critical.content[0] ? 1 : 0);
    const value = control.children.find((p, i) => i > 0 && p.tag === 4);
    if (value) tree.add('ldap.controlValue', value.start, value.length, value.content);
    tree.close();
  }
  tree.close();
}

/** Appends one message's Info to the frame's (each ends in a space, so several read one after the other). */
function appendInfo(ctx: PacketContext, protocol: string, info: string): void {
  if (ctx.columns.protocol === protocol && ctx.columns.info) ctx.columns.info += info;
  else ctx.columns.info = info;
  ctx.columns.protocol = protocol;
}

/** LDAP over TCP 389 (RFC 4511): BER-framed messages, reassembled across segments. */
export const ldap: Dissector = {
  name: 'ldap',
  yields: ['ldap', 'gss-api', 'spnego', 'ntlmssp', 'kerberos', 'ber'],
  stream(data, ctx) {
    const length = berElementLength(data);
    if (length === undefined || length > data.length)
      return { more: length === undefined ? ONE_MORE_SEGMENT : length - data.length };
    if (data.u8(0) !== 0x30) throw new Malformed('not an LDAPMessage');
    appendInfo(ctx, 'LDAP', ldapMessage(data.sub(0, length), ctx));
    return length;
  },
};

/** CLDAP over UDP 389 (RFC 1798, as Active Directory's domain controller locator uses it): LDAP messages in a datagram. */
export const cldap: Dissector = {
  name: 'cldap',
  yields: ['cldap', 'ldap'],
  datagram(data, ctx) {
    ctx.columns.protocol = 'CLDAP';
    ctx.columns.info = '';
    for (let at = 0; at < data.length;) {
      const length = berElementLength(data.sub(at)) ?? data.length - at + 1;
      const info = ldapMessage(data.sub(at, Math.min(length, data.length - at)), ctx, 'cldap');
      appendInfo(ctx, 'CLDAP', info);
      at += length;
    }
  },
};

registerPort('tcp', 389, ldap);
registerPort('tcp', 3268, ldap);
registerPort('udp', 389, cldap);
