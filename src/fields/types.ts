/** How a field's value is stored in a field record and how it prints (as tshark -T fields prints it). */
export type FieldType =
  | 'protocol' // a subtree; has no value of its own
  | 'uint' // decimal unsigned, up to 32 bits in v0
  | 'int' // decimal signed 32 bits in v0
  | 'uint64' // decimal unsigned 64 bits: v0 low word, v1 high word
  | 'double' // a decimal number: v0 and v1 the low and high words of its IEEE 754 double-precision bits (FT_DOUBLE)
  | 'float' // a decimal number: v0 holds its IEEE 754 single-precision bits (Wireshark's FT_FLOAT/FT_DOUBLE, printed %g)
  | 'hex8'
  | 'hex16'
  | 'hex24'
  | 'hex32' // unsigned, printed 0x-prefixed at the type's full width
  | 'bool' // 0 or 1
  | 'ipv4' // v0, network order value
  | 'ipv6' // v0..v3, network order words
  | 'ether' // v0 = first four bytes, v1 = last two (high half)
  | 'epoch' // v0 = seconds low, v1 = seconds high, v2 = nanoseconds
  | 'abstime' // a point in time (Wireshark's FT_ABSOLUTE_TIME): the epoch layout; application items carry nanoseconds since 1970 as a bigint. Printed in UTC, or in the host's time zone with `localTime`
  | 'bytes' // the record's byte range, printed as plain hex
  | 'string' // the record's byte range, printed as text
  | 'none' // Wireshark's FT_NONE: present or not; tshark prints 1 for each occurrence
  | 'framenum' // a frame number in v0
  | 'reltime' // a duration: v0 = seconds, v1 = nanoseconds, v2 = 1 when negative; printed as tshark prints FT_RELATIVE_TIME
  | 'expert' // an expert item, printed "Expert Info (Severity/Group): message": v0 = message id (src/fields/expert.ts), v1 = severity, v2 = group, v3 = the message's number
  | 'expert-message'; // the same record layout, printed as the message alone

/**
 * What a derived field makes of its source's value (see FieldDef.derived): an Ethernet address's vendor name,
 * OUI or organisation (src/vendors/); or, computed in src/fields/derived.ts, an Ethernet address's IG or LG bit,
 * an address as a host name (tshark resolves none by default: the address itself), the MAC address of a SLAAC
 * IPv6 address, TCP's flags as a string, the DSCP and ECN of an IPv6 traffic class.
 */
export type DerivedValue =
  'resolved' | 'oui' | 'oui-resolved' | 'ig' | 'lg' | 'host' | 'host6' | 'slaac' | 'tcp-flags' | 'dscp' | 'ecn';

export interface FieldDef {
  /** Filter name, exactly as Wireshark names it. */
  name: string;
  /** Label shown in the protocol tree. */
  label: string;
  type: FieldType;
  /** Value names for uint fields, as the tree shows them ("1 (request)"). */
  values?: Record<number, string>;
  /** A boolean's names for false and true as the tree shows them and filters accept them ("Not set", "Set"). */
  boolLabels?: [string, string];
  /** Width of an integer field narrower than 32 bits (Wireshark's FT_UINT8, FT_UINT16...): larger filter literals are refused. */
  bits?: number;
  /**
   * Wireshark's bitmask: the field's bits within a `width`-bit container, which the tree shows as a bit pattern
   * before the label ("0100 .... = Version: 4"). The record holds the value already shifted down.
   */
  bitmask?: { mask: number; width: number };
  /** How the tree shows an integer beside its text: 'hex-dec' "0x1234 (4660)", 'dec-hex' "4660 (0x1234)". */
  base?: 'hex-dec' | 'dec-hex';
  /**
   * A field Wireshark computes from another (eth.src_resolved from eth.src): it occurs wherever its source's
   * records do and takes its value from them (src/fields/derived.ts), so the core emits nothing more for it.
   */
  derived?: { from: string; value: DerivedValue };
  /** An abstime shown in the host's time zone (Wireshark's ABSOLUTE_TIME_LOCAL, as frame.time is); else in UTC. */
  localTime?: boolean;
}
