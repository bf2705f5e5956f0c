import { download } from '../export/save';

/** Offers bytes to the user as a download under `filename` (the browser asks where, or uses its folder). */
export function saveBytes(bytes: Uint8Array, filename: string, contentType: string): void {
  download(
    new Blob([bytes as BlobPart], { type: contentType.split(';')[0].trim() || 'application/octet-stream' }),
    filename,
  );
}

/** "11 kB"-style sizes, as Wireshark's object list shows them (bytes below 1000). */
export function sizeText(n: number): string {
  if (n < 1000) return `${n} bytes`;
  const units = ['kB', 'MB', 'GB'];
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}
