/** How an attribute's value is read (RFC 2865 §5, RFC 8044 data types). */
export type AttributeKind = 'string' | 'bytes' | 'uint' | 'ipv4' | 'ipv6' | 'time';

export interface AttributeDef {
  name: string;
  kind: AttributeKind;
  values?: Record<number, string>;
  /** tshark's filter name when it is not the usual one (two keep their hyphens). */
  field?: string;
}

const SERVICE_TYPES = [
  '',
  'Login',
  'Framed',
  'Callback-Login',
  'Callback-Framed',
  'Outbound',
  'Administrative',
  'NAS-Prompt',
  'Authenticate-Only',
  'Callback-NAS-Prompt',
  'Call-Check',
  'Callback-Administrative',
];
const TERMINATE_CAUSES = [
  '',
  'User-Request',
  'Lost-Carrier',
  'Lost-Service',
  'Idle-Timeout',
  'Session-Timeout',
  'Admin-Reset',
  'Admin-Reboot',
  'Port-Error',
  'NAS-Error',
  'NAS-Request',
  'NAS-Reboot',
  'Port-Unneeded',
  'Port-Preempted',
  'Port-Suspended',
  'Service-Unavailable',
  'Callback',
  'User-Error',
  'Host-Request',
];
const NAS_PORT_TYPES = [
  'Async',
  'Sync',
  'ISDN',
  'ISDN-V120',
  'ISDN-V110',
  'Virtual',
  'PIAFS',
  'HDLC-Clear-Channel',
  'X.25',
  'X.75',
  'G.3-Fax',
  'SDSL',
  'ADSL-CAP',
  'ADSL-DMT',
  'IDSL',
  'Ethernet',
  'xDSL',
  'Cable',
  'Wireless-Other',
  'Wireless-802.11',
];
const listed = (names: string[]) => Object.fromEntries(names.flatMap((n, i) => (n ? [[i, n]] : [])));

/** The RFC 2865/2866/2869/3162 attributes by type. */
export const ATTRIBUTES: Record<number, AttributeDef> = {
  1: { name: 'User-Name', kind: 'string' },
  2: { name: 'User-Password', kind: 'bytes' },
  3: { name: 'CHAP-Password', kind: 'bytes' },
  4: { name: 'NAS-IP-Address', kind: 'ipv4' },
  5: { name: 'NAS-Port', kind: 'uint' },
  6: { name: 'Service-Type', kind: 'uint', values: listed(SERVICE_TYPES) },
  7: {
    name: 'Framed-Protocol',
    kind: 'uint',
    values: listed(['', 'PPP', 'SLIP', 'ARAP', 'Gandalf-SLML', 'Xylogics-IPX-SLIP', 'X.75-Synchronous']),
  },
  8: { name: 'Framed-IP-Address', kind: 'ipv4', field: 'radius.Framed-IP-Address' },
  9: { name: 'Framed-IP-Netmask', kind: 'ipv4' },
  10: { name: 'Framed-Routing', kind: 'uint', values: listed(['None', 'Broadcast', 'Listen', 'Broadcast-Listen']) },
  11: { name: 'Filter-Id', kind: 'string' },
  12: { name: 'Framed-MTU', kind: 'uint' },
  13: {
    name: 'Framed-Compression',
    kind: 'uint',
    values: listed(['None', 'Van-Jacobson-TCP-IP', 'IPX-Header', 'Stac-LZS']),
  },
  14: { name: 'Login-IP-Host', kind: 'ipv4', field: 'radius.Login-IP-Host' },
  15: { name: 'Login-Service', kind: 'uint' },
  16: { name: 'Login-TCP-Port', kind: 'uint' },
  18: { name: 'Reply-Message', kind: 'string' },
  19: { name: 'Callback-Number', kind: 'string' },
  20: { name: 'Callback-Id', kind: 'string' },
  22: { name: 'Framed-Route', kind: 'string' },
  24: { name: 'State', kind: 'bytes' },
  25: { name: 'Class', kind: 'bytes' },
  26: { name: 'Vendor-Specific', kind: 'bytes' },
  27: { name: 'Session-Timeout', kind: 'uint' },
  28: { name: 'Idle-Timeout', kind: 'uint' },
  29: { name: 'Termination-Action', kind: 'uint', values: listed(['Default', 'RADIUS-Request']) },
  30: { name: 'Called-Station-Id', kind: 'string' },
  31: { name: 'Calling-Station-Id', kind: 'string' },
  32: { name: 'NAS-Identifier', kind: 'string' },
  33: { name: 'Proxy-State', kind: 'bytes' },
  40: {
    name: 'Acct-Status-Type',
    kind: 'uint',
    values: { 1: 'Start', 2: 'Stop', 3: 'Interim-Update', 7: 'Accounting-On', 8: 'Accounting-Off' },
  },
  41: { name: 'Acct-Delay-Time', kind: 'uint' },
  42: { name: 'Acct-Input-Octets', kind: 'uint' },
  43: { name: 'Acct-Output-Octets', kind: 'uint' },
  44: { name: 'Acct-Session-Id', kind: 'string' },
  45: { name: 'Acct-Authentic', kind: 'uint', values: listed(['', 'RADIUS', 'Local', 'Remote', 'Diameter']) },
  46: { name: 'Acct-Session-Time', kind: 'uint' },
  47: { name: 'Acct-Input-Packets', kind: 'uint' },
  48: { name: 'Acct-Output-Packets', kind: 'uint' },
  49: { name: 'Acct-Terminate-Cause', kind: 'uint', values: listed(TERMINATE_CAUSES) },
  50: { name: 'Acct-Multi-Session-Id', kind: 'string' },
  51: { name: 'Acct-Link-Count', kind: 'uint' },
  52: { name: 'Acct-Input-Gigawords', kind: 'uint' },
  53: { name: 'Acct-Output-Gigawords', kind: 'uint' },
  55: { name: 'Event-Timestamp', kind: 'time' },
  60: { name: 'CHAP-Challenge', kind: 'bytes' },
  61: { name: 'NAS-Port-Type', kind: 'uint', values: listed(NAS_PORT_TYPES) },
  62: { name: 'Port-Limit', kind: 'uint' },
  77: { name: 'Connect-Info', kind: 'string' },
  79: { name: 'EAP-Message', kind: 'bytes' },
  80: { name: 'Message-Authenticator', kind: 'bytes' },
  85: { name: 'Acct-Interim-Interval', kind: 'uint' },
  87: { name: 'NAS-Port-Id', kind: 'string' },
  95: { name: 'NAS-IPv6-Address', kind: 'ipv6' },
};

/** tshark's filter name of an attribute: "radius." and its name with '_' for '-'. */
export const attributeField = (def: AttributeDef) => def.field ?? `radius.${def.name.replace(/-/g, '_')}`;
