import { DNS_TYPES } from '../dissectors/dns/fields';

/**
 * The DNS statistics tree names record types by mnemonic and meaning, as the RFCs that define them describe
 * them ("A (Host Address)"); a type without a known meaning keeps its mnemonic, an unknown one its number.
 */
const MEANINGS: Record<number, string> = {
  1: 'Host Address',
  2: 'authoritative Name Server',
  5: 'Canonical NAME for an alias',
  6: 'Start Of a zone of Authority',
  12: 'domain name PoinTeR',
  13: 'host information',
  15: 'Mail eXchange',
  16: 'Text strings',
  28: 'IPv6 Address',
  33: 'Server Selection',
  35: 'Naming Authority PoinTeR',
  39: 'Delegation Name',
  41: 'Option',
  43: 'Delegation Signer',
  46: 'Resource Record Signature',
  47: 'Next Secured',
  48: 'DNS Public Key',
  64: 'General Purpose Service Binding',
  65: 'HTTPS Specific Service Endpoints',
  252: 'transfer of an entire zone',
};

export function dnsTypeDescription(type: number): string {
  if (type === 255) return '* (A request for all records the server/cache has available)';
  const mnemonic = DNS_TYPES[type];
  if (!mnemonic) return `Unknown (${type})`;
  const meaning = MEANINGS[type];
  return meaning ? `${mnemonic} (${meaning})` : mnemonic;
}
