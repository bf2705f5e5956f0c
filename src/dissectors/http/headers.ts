/** One header field line of a message. */
export interface Header {
  name: string;
  value: string;
  /** Offset of the line and its length including CRLF. */
  at: number;
  length: number;
}

/** The first value of a header (names are case-insensitive). */
export function header(headers: Header[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name)?.value;
}
