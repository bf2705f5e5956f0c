// Writes each scenario's capture and the field lists to the folder given, for regenerate.sh.
import { writeFileSync } from 'node:fs';
import { tcpCapture } from '../../../support/tcp-script';
import { ANALYSIS_FIELDS, EXPERT_FIELDS, SCENARIOS } from '../scenarios';
import { checksumTtlCapture } from '../checksum-ttl';
import { UDP_CAPTURES } from '../udp-captures';

const dir = process.argv[2];
for (const [name, s] of Object.entries(SCENARIOS))
  writeFileSync(`${dir}/${name}.pcap`, tcpCapture(s.segments, s.options));
// Decoder-only captures (no TCP conversation to analyse or follow) are named decode_*.
writeFileSync(`${dir}/decode_checksum_ttl.pcap`, checksumTtlCapture());
// UDP exchanges for Follow UDP are named udp_*.
for (const [name, capture] of Object.entries(UDP_CAPTURES)) writeFileSync(`${dir}/${name}.pcap`, capture());
writeFileSync(`${dir}/analysis.fields`, ANALYSIS_FIELDS.map((f) => `-e ${f}`).join(' '));
writeFileSync(`${dir}/expert.fields`, EXPERT_FIELDS.map((f) => `-e ${f}`).join(' '));
