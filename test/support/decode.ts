import { writeFileSync } from 'node:fs';
import { fieldsOf } from './run';
import { pcapFile } from './pcap-builder';

let dumped = 0;

export type Frame = Uint8Array | { data: Uint8Array; origLen: number };

/**
 * `loupe fields` over frames written to a pcap of the given link type: one row per frame, one cell per field
 * (tshark -T fields layout, the cells still ','-joined).
 */
export async function decode(frames: Frame[], names: string[], linkType = 1): Promise<string[][]> {
  const packets = frames.map((f, i) =>
    f instanceof Uint8Array ? { sec: i, frac: 0, data: f } : { sec: i, frac: 0, data: f.data, origLen: f.origLen },
  );
  const file = pcapFile(packets, { linkType });
  // To check an expectation against tshark: LOUPE_DUMP_DIR=/tmp/x keeps each capture with the fields asked.
  if (process.env.LOUPE_DUMP_DIR)
    (writeFileSync(`${process.env.LOUPE_DUMP_DIR}/${process.pid}-${++dumped}.pcap`, file),
      writeFileSync(`${process.env.LOUPE_DUMP_DIR}/${process.pid}-${dumped}.fields`, names.join(' ')));
  const { text } = await fieldsOf(file, names);
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => line.split('\t'));
}

/** One frame's fields by name. */
export async function decodeOne(frame: Frame, names: string[], linkType = 1): Promise<Record<string, string>> {
  const [row] = await decode([frame], names, linkType);
  return Object.fromEntries(names.map((n, i) => [n, row[i]]));
}
