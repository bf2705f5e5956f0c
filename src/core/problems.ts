/** Turns the core's problem codes (assembly/problem.ts) into the messages users read. */
import { ProblemCode } from '../abi/core-constants';

export interface Problem {
  code: number;
  /** File offset the problem refers to. */
  offset: number;
  value: number;
  /** True when reading stopped early but every packet before the problem was kept. */
  fatal: boolean;
  message: string;
}

const hex = (v: number, digits: number) => '0x' + v.toString(16).padStart(digits, '0');

export function describeProblem(code: number, offset: number, value: number, frames: number): Problem | undefined {
  const after = frames === 1 ? 'after 1 packet' : `after ${frames} packets`;
  const at = `at byte offset ${offset}`;
  const make = (message: string, fatal = false): Problem => ({ code, offset, value, fatal, message });
  switch (code) {
    case ProblemCode.None:
      return undefined;
    case ProblemCode.NotACapture: {
      const digits = value === 0 ? 0 : 8;
      return make(
        `not a capture file (starts with ${digits ? hex(value, digits) : 'no bytes: the file is empty'})`,
        true,
      );
    }
    case ProblemCode.CutShort:
      return make(`the capture is cut short: the record ${at} is incomplete (${value} bytes present); ${after}`);
    case ProblemCode.RecordTooLarge:
      return make(
        `the record ${at} claims ${value} bytes, more than any packet may have; reading stopped there, ${after}`,
      );
    case ProblemCode.BadBlock:
      return make(`the pcapng block ${at} is damaged (length ${value}); reading stopped there, ${after}`);
    case ProblemCode.BadRecord:
      return make(`the record ${at} has impossible lengths (${value}); reading stopped there, ${after}`);
    case ProblemCode.UnknownInterface:
      return make(
        `the packet block ${at} names interface ${value}, which no interface block declared; reading stopped there, ${after}`,
      );
    case ProblemCode.BadVersion:
      return make(`unsupported capture file version ${value >>> 16}.${value & 0xffff} ${at}`, frames === 0);
    case ProblemCode.BadFrameTable:
      return make(`the NetMon frame table entry ${value} points outside the file; reading stopped there, ${after}`);
    case ProblemCode.NoSectionHeader:
      return make(`the pcapng file does not start with a section header block ${at}`, frames === 0);
    case ProblemCode.UnsupportedLinkType:
      return make(`unsupported link type ${value}`, frames === 0);
    default:
      return make(`reading stopped ${at} (problem ${code}, ${value}), ${after}`);
  }
}
