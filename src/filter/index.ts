import { check } from './check';
import type { Test } from './compiled';
import { evaluate } from './evaluate';
import { parse } from './parser';
import type { FrameFieldSource } from './source';

export { FilterError, caretLines } from './errors';
export type { FrameFieldSource } from './source';
export { RecordFieldSource } from './record-source';
export type { Test, Value } from './compiled';

/** A display filter, checked against the field registry and ready to run on frames. */
export interface CompiledFilter {
  /** The filter as typed. */
  readonly text: string;
  /** The same filter in Wireshark's spelling (aliases such as IPv4.SourceAddress replaced by ip.src). */
  readonly canonical: string;
  /** The typed tree, for evaluators other than the per-frame one (a column store's fast path). */
  readonly test: Test;
  /** Registry ids of every field the filter reads. */
  readonly fieldIds: readonly number[];
  matches(frame: FrameFieldSource): boolean;
}

/** Compiles a Wireshark 4.0 display filter; throws FilterError (message, start, length) when it is refused. */
export function compileFilter(text: string): CompiledFilter {
  const { test, fieldIds, canonical } = check(parse(text), text);
  return { text, canonical, test, fieldIds, matches: (frame) => evaluate(test, frame) };
}
