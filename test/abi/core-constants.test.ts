import { describe, expect, it } from 'vitest';
import {
  ExpertGroup,
  ExpertMessage,
  ExpertSeverity,
  FrameShape,
  NO_OFFSET,
  NO_STREAM,
  ProblemCode,
  RECORD_WORDS,
  RowFlag,
  TcpAnalysis,
  TopProtocol,
  Transport,
} from '../../src/abi/core-constants';
import { loadCoreForNode } from '../../src/core/load-node';
import { ingest, type RowBatch } from '../../src/core/ingest';
import { expertMessage, EXPERT_MESSAGES } from '../../src/fields/expert';
import { fieldId } from '../../src/fields/registry';
import { ethernet, ipv4, ipv6, tcp, udp } from '../support/packet-builder';
import { concat, pcapFile } from '../support/pcap-builder';

/**
 * The core and TypeScript read the same numbers (src/abi/core-constants.ts, generated into assembly/ at build
 * time): what the built core writes into its index columns and expert records means what TypeScript's names say.
 */
type Rows = { [K in keyof RowBatch]: number[] };

async function run(frames: Uint8Array[], cutShort = 0) {
  const file = pcapFile(frames.map((data, i) => ({ sec: i, frac: 0, data })));
  const core = await loadCoreForNode();
  const rows = {} as Rows;
  const experts: { frame: number; message: number; severity: number; group: number; arg: number }[] = [];
  let frame = 0;
  const expertId = fieldId('_ws.expert');
  const frameId = fieldId('frame');
  const result = await ingest(
    core,
    new Blob([file.slice(0, file.length - cutShort) as Uint8Array<ArrayBuffer>]),
    true,
    {
      onRows: (batch) => {
        for (const [name, column] of Object.entries(batch)) {
          if (typeof column !== 'number') ((rows as Record<string, number[]>)[name] ??= []).push(...column);
        }
      },
      onFields: (records) => {
        for (let p = 0; p < records.length; p += RECORD_WORDS) {
          if (records[p] === frameId) frame++;
          if (records[p] === expertId)
            experts.push({
              frame,
              message: records[p + 4],
              severity: records[p + 5],
              group: records[p + 6],
              arg: records[p + 7],
            });
        }
      },
    },
  );
  return { result, rows, experts };
}

const syn = ethernet(
  ipv4(tcp(new Uint8Array(0), { sport: 40000, dport: 80, flags: 0x002, badChecksum: true }), { proto: 6 }),
  0x0800,
);
const data = (seq: number) =>
  ethernet(
    ipv4(tcp(new TextEncoder().encode('hello'), { sport: 40000, dport: 80, seq, flags: 0x018 }), { proto: 6 }),
    0x0800,
  );
const udp6 = ethernet(
  ipv6(udp(Uint8Array.of(1, 2), { sport: 5000, dport: 53, v6: true, checksum: 'zero' }), { next: 17 }),
  0x86dd,
);
const arp = ethernet(concat([Uint8Array.of(0, 1, 8, 0, 6, 4, 0, 1), new Uint8Array(20)]), 0x0806);

describe('core constants', () => {
  it('index columns carry the codes and bits TypeScript names', async () => {
    const { rows, result } = await run([syn, data(1001), data(1001), udp6, arp]);
    expect(result.format).toBe('pcap');
    expect(rows.top).toEqual([TopProtocol.Tcp, TopProtocol.Tcp, TopProtocol.Tcp, TopProtocol.Udp, TopProtocol.Arp]);
    expect(rows.flags.map((f) => f & RowFlag.ChecksumBad)).toEqual([RowFlag.ChecksumBad, 0, 0, RowFlag.ChecksumBad, 0]);
    expect(rows.transport[0]).toBe(Transport.Syn);
    expect(rows.transport[3]).toBe(Transport.Udp);
    expect(rows.analysis[2] & TcpAnalysis.Retransmission).toBe(TcpAnalysis.Retransmission);
    expect(rows.shape[1]).toBe(FrameShape.Ipv4 | FrameShape.Ports);
    expect(rows.shape[3] & FrameShape.Ipv6).toBe(FrameShape.Ipv6);
    expect(rows.stream[4]).toBe(NO_STREAM);
    expect(rows.l4Offset[4]).toBe(NO_OFFSET);
    expect(rows.payloadOffset[4]).toBe(NO_OFFSET);
    expect(rows.expert[0]).toBe(ExpertSeverity.Error);
  });

  it('expert records use the message ids, severities and groups TypeScript words', async () => {
    const { experts } = await run([syn, data(1001), data(1001), udp6]);
    const id = (name: keyof typeof ExpertMessage) => Object.keys(ExpertMessage).indexOf(name);
    expect(experts).toContainEqual(
      expect.objectContaining({
        frame: 1,
        message: id('Syn'),
        severity: ExpertSeverity.Chat,
        group: ExpertGroup.Sequence,
        arg: 80,
      }),
    );
    expect(experts).toContainEqual(
      expect.objectContaining({
        frame: 1,
        message: id('BadChecksum'),
        severity: ExpertSeverity.Error,
        group: ExpertGroup.Checksum,
      }),
    );
    expect(experts).toContainEqual(
      expect.objectContaining({ frame: 3, message: id('Retransmission'), severity: ExpertSeverity.Note }),
    );
    expect(experts).toContainEqual(
      expect.objectContaining({ frame: 4, message: id('IllegalChecksum'), severity: ExpertSeverity.Error }),
    );
    expect(expertMessage(id('Syn'), 80)).toBe('Connection establish request (SYN): server port 80');
    expect(EXPERT_MESSAGES).toHaveLength(Object.keys(ExpertMessage).length);
  });

  it("problem codes word the core's problems", async () => {
    const { result } = await run([syn, data(1001)], 10);
    expect(result.problem?.code).toBe(ProblemCode.CutShort);
    expect(result.problem?.message).toMatch(/cut short/);
  });
});
