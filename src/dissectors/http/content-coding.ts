import { gunzipSync, inflateSync, unzlibSync } from 'fflate';

/** A body after its Content-Encoding (RFC 9110 §8.4.1): decoded, failed, or not encoded in a way we undo. */
export type Decoded = { coding: string; bytes: Uint8Array } | { coding: string; failed: true } | undefined;

/** Undoes gzip and deflate (zlib-wrapped, or raw as some servers send it), as tshark does. */
export function decodeContent(contentEncoding: string | undefined, body: Uint8Array): Decoded {
  const coding = contentEncoding?.trim().toLowerCase();
  if (!coding || body.length === 0) return undefined;
  try {
    if (coding === 'gzip' || coding === 'x-gzip') return { coding, bytes: gunzipSync(body) };
    if (coding === 'deflate') {
      try {
        return { coding, bytes: unzlibSync(body) };
      } catch {
        return { coding, bytes: inflateSync(body) };
      }
    }
  } catch {
    return { coding, failed: true };
  }
  return undefined;
}
