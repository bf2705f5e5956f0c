// What one reader step produced. Readers consume the input window themselves.

/** The window holds no complete record; hand over more bytes (at EOF: the file was cut short). */
export const MORE: i32 = 0;
/** A packet record is in capture/record.ts. */
export const PACKET: i32 = 1;
/** A block with no packet (interface, name resolution, statistics, secrets...) was consumed. */
export const META: i32 = 2;
/** Reading ended: cleanly (no problem) or on a fatal problem reported in problem.ts. */
export const STOP: i32 = 3;
/** The reader moved the window (input.seek); the driver must read from the new readOffset(). */
export const SEEKED: i32 = 4;
