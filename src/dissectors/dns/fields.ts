import { registerFields } from '../../fields/registry';
import type { FieldDef, FieldType } from '../../fields/types';

const f = (name: string, label: string, type: FieldType, values?: Record<number, string>): FieldDef =>
  values ? { name, label, type, values } : { name, label, type };

export const DNS_TYPES: Record<number, string> = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV',
  35: 'NAPTR', 39: 'DNAME', 41: 'OPT', 43: 'DS', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY', 50: 'NSEC3',
  51: 'NSEC3PARAM', 52: 'TLSA', 59: 'CDS', 60: 'CDNSKEY', 64: 'SVCB', 65: 'HTTPS', 99: 'SPF', 251: 'IXFR',
  252: 'AXFR', 255: 'ANY', 256: 'URI', 257: 'CAA',
};
export const DNS_CLASSES: Record<number, string> = { 1: 'IN', 3: 'CH', 4: 'HS', 254: 'NONE', 255: 'ANY' };
export const DNS_OPCODES: Record<number, string> = { 0: 'Standard query', 1: 'Inverse query', 2: 'Server status request', 4: 'Zone change notification', 5: 'Dynamic update' };
export const DNS_RCODES: Record<number, string> = {
  0: 'No error', 1: 'Format error', 2: 'Server failure', 3: 'No such name', 4: 'Not implemented', 5: 'Refused',
  6: 'Name exists', 7: 'RRset exists', 8: 'RRset does not exist', 9: 'Not authoritative', 10: 'Name out of zone',
};

registerFields([
  f('dns', 'Domain Name System', 'protocol'),
  f('dns.length', 'Length', 'uint'),
  f('dns.id', 'Transaction ID', 'hex16'),
  f('dns.response_to', 'Request In', 'framenum'),
  f('dns.time', 'Time', 'reltime'),
  // Known to filters; like tshark's single pass, a query never learns its later response.
  f('dns.response_in', 'Response In', 'framenum'),
  f('dns.flags', 'Flags', 'hex16'),
  f('dns.flags.response', 'Response', 'bool'),
  f('dns.flags.opcode', 'Opcode', 'uint', DNS_OPCODES),
  f('dns.flags.authoritative', 'Authoritative', 'bool'),
  f('dns.flags.truncated', 'Truncated', 'bool'),
  f('dns.flags.recdesired', 'Recursion desired', 'bool'),
  f('dns.flags.recavail', 'Recursion available', 'bool'),
  f('dns.flags.z', 'Z', 'bool'),
  f('dns.flags.authenticated', 'Answer authenticated', 'bool'),
  f('dns.flags.checkdisable', 'Non-authenticated data', 'bool'),
  f('dns.flags.rcode', 'Reply code', 'uint', DNS_RCODES),
  f('dns.count.queries', 'Questions', 'uint'),
  f('dns.count.answers', 'Answer RRs', 'uint'),
  f('dns.count.auth_rr', 'Authority RRs', 'uint'),
  f('dns.count.add_rr', 'Additional RRs', 'uint'),
  f('dns.qry.name', 'Name', 'string'),
  f('dns.qry.name.len', 'Name Length', 'uint'),
  f('dns.count.labels', 'Label Count', 'uint'),
  f('dns.qry.type', 'Type', 'uint', DNS_TYPES),
  f('dns.qry.class', 'Class', 'hex16', DNS_CLASSES),
  f('dns.resp.name', 'Name', 'string'),
  f('dns.resp.type', 'Type', 'uint', DNS_TYPES),
  f('dns.resp.class', 'Class', 'hex16', DNS_CLASSES),
  f('dns.resp.ttl', 'Time to live', 'uint'),
  f('dns.resp.len', 'Data length', 'uint'),
  f('dns.a', 'Address', 'ipv4'),
  f('dns.aaaa', 'AAAA Address', 'ipv6'),
  f('dns.cname', 'CNAME', 'string'),
  f('dns.ns', 'Name Server', 'string'),
  f('dns.ptr.domain_name', 'Domain Name', 'string'),
  f('dns.mx.preference', 'Preference', 'uint'),
  f('dns.mx.mail_exchange', 'Mail Exchange', 'string'),
  f('dns.txt.length', 'TXT Length', 'uint'),
  f('dns.txt', 'TXT', 'string'),
  f('dns.soa.mname', 'Primary name server', 'string'),
  f('dns.soa.rname', 'Responsible authority\'s mailbox', 'string'),
  f('dns.soa.serial_number', 'Serial Number', 'uint'),
  f('dns.soa.refresh_interval', 'Refresh Interval', 'uint'),
  f('dns.soa.retry_interval', 'Retry Interval', 'uint'),
  f('dns.soa.expire_limit', 'Expire limit', 'uint'),
  f('dns.soa.minimum_ttl', 'Minimum TTL', 'uint'),
  f('dns.srv.priority', 'Priority', 'uint'),
  f('dns.srv.weight', 'Weight', 'uint'),
  f('dns.srv.port', 'Port', 'uint'),
  f('dns.srv.target', 'Target', 'string'),
  f('dns.rr.udp_payload_size', 'UDP payload size', 'uint'),
  f('dns.resp.ext_rcode', 'Higher bits in extended RCODE', 'hex8'),
  f('dns.resp.edns0_version', 'EDNS0 version', 'uint'),
  f('dns.resp.z', 'Z', 'hex16'),
  f('dns.data', 'Data', 'bytes'),
]);
