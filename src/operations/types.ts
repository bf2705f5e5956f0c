/** The request/response protocols Loupe pairs into operations. */
export const OPERATION_KINDS = ['dns', 'http', 'http2', 'ftp', 'smtp', 'smb2', 'msnp', 'dhcp', 'icmp'] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** How an operation ended: failed (an error reply or none), redirected (HTTP 3xx), or fine. */
export type OperationSeverity = 'failed' | 'redirect' | 'ok';

/** One request and its response (if any), as Message Analyzer's Operations view shows them. */
export interface Operation {
  kind: OperationKind;
  /** The conversation it belongs to: its key ("tcp 3", "udp 0", "icmp 10.0.0.1 10.0.0.2") and how it reads. */
  conversation: string;
  conversationLabel: string;
  /** Who asked ("10.0.0.1:51234") and who answered (or should have). */
  client: string;
  server: string;
  requestFrame: number;
  /** Undefined when no response came. */
  responseFrame?: number;
  /** Seconds since the capture's first frame; the response time in seconds (undefined without a response). */
  start: number;
  responseTime?: number;
  /** What was asked ("GET /index.html", "A example.com", "RETR file.txt"). */
  summary: string;
  /** What came back ("200 OK", "NXDOMAIN", "550 Permission denied", "STATUS_ACCESS_DENIED"); '' without a response. */
  status: string;
  severity: OperationSeverity;
}

/** Operations of one conversation, in request order. */
export interface OperationGroup {
  conversation: string;
  label: string;
  operations: Operation[];
  failed: number;
  slow: number;
}

/** Response time at or above which an operation counts as slow, in seconds (unless asked otherwise). */
export const DEFAULT_SLOW_SECONDS = 1;
