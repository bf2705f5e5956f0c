import type { Value } from './compiled';

/**
 * What a compiled filter reads from one frame. Every method answers for all occurrences of a field, in tree
 * order; implementations compute them lazily, only for the fields a filter asks about.
 */
export interface FrameFieldSource {
  /** The values, represented by the field type's ValueKind (see compiled.ts). */
  values(fieldId: number): readonly Value[];
  /** How many bytes each occurrence covers in the packet (len() of a number is its size on the wire). */
  lengths(fieldId: number): readonly number[];
  /** The 1-based protocol layer of each occurrence, for `field#n`: the nth ip header holds ip.src#n. */
  layers(fieldId: number): readonly number[];
}
