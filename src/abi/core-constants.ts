/**
 * The numbers the WebAssembly core and TypeScript must agree on, written once. This file is their one source:
 * `scripts/gen-core-constants.mjs` (run by `npm run build:wasm`) writes them as AssemblyScript modules into
 * assembly/generated/, where the core's modules re-export them, and TypeScript imports them from here. So a
 * value changed here changes on both sides; nothing is kept "in the same order" by hand.
 *
 * Imports nothing: every folder of src/ may import it.
 */

/** Summary flag bits of the index column `flags` (assembly/rows.ts). */
export const RowFlag = {
  ChecksumBad: 1 << 0,
  /** Captured length below what the headers announce. */
  Truncated: 1 << 1,
  /** IPv4 total length 0: segmentation offload, length taken from the frame. */
  Tso: 1 << 2,
  /** An IP fragment that did not complete a datagram. */
  Fragment: 1 << 3,
  /** This frame completed an IP datagram. */
  Reassembled: 1 << 4,
  /** A header was shorter than its minimum or inconsistent. */
  Malformed: 1 << 5,
  /** The frame has a pcapng comment. */
  Comment: 1 << 6,
} as const;

/** Codes of the index column `top`: the highest layer the core decoded. */
export const TopProtocol = { Raw: 0, Eth: 1, Arp: 2, Ipv4: 3, Ipv6: 4, Icmp: 5, Icmpv6: 6, Udp: 7, Tcp: 8 } as const;

/**
 * Bits of the index column `shape`: which display-filter columns (IPv4 addresses, IP protocol, ports) describe
 * the frame (src/filter/columns.ts reads them).
 */
export const FrameShape = {
  /** One IPv4 header: ipSrc, ipDst, ipProto hold its fields. */
  Ipv4: 1,
  /** One IPv6 header. */
  Ipv6: 2,
  /** srcPort and dstPort hold the TCP or UDP header's ports (see `top`). */
  Ports: 4,
  /** The frame's fields are not all described by the columns: the slow path decides it. */
  Complex: 8,
} as const;

/** The `stream` column of a frame in no TCP or UDP stream. */
export const NO_STREAM = 0xffffffff;
/** Header and payload offset columns (`l3Offset`, `l4Offset`, `payloadOffset`) of a frame without one. */
export const NO_OFFSET = 0xffff;

/** Bits of the index column `transport` (assembly/tcp/report.ts). */
export const Transport = { FromB: 1, Syn: 2, Fin: 4, Rst: 8, Udp: 16 } as const;

/** TCP analysis flag bits of the index column `analysis` (assembly/tcp/analysis.ts); 0: none. */
export const TcpAnalysis = {
  Retransmission: 1 << 0,
  LostSegment: 1 << 1,
  AckLostSegment: 1 << 2,
  KeepAlive: 1 << 3,
  DuplicateAck: 1 << 4,
  ZeroWindow: 1 << 5,
  ZeroWindowProbe: 1 << 6,
  ZeroWindowProbeAck: 1 << 7,
  KeepAliveAck: 1 << 8,
  OutOfOrder: 1 << 9,
  FastRetransmission: 1 << 10,
  WindowUpdate: 1 << 11,
  WindowFull: 1 << 12,
  ReusedPorts: 1 << 13,
  SpuriousRetransmission: 1 << 14,
} as const;

/** Kinds of side data entries (assembly/side.ts). */
export const SideKind = {
  PacketComment: 1,
  /** pcapng DSB: [secrets type u32 LE][secrets]. */
  DecryptionSecrets: 2,
  /** pcapng NRB record: [record type u16 LE][value]. */
  NameRecord: 3,
  /** pcapng IDB or file header: [interface id u32][link type u32][snaplen u32][tsresol u32][name utf-8]. */
  Interface: 4,
  /** pcapng SHB comment or other file-level comment. */
  FileComment: 5,
  /** Field mode only: the frame's captured bytes, which field records of source 0 point into. */
  FrameBytes: 6,
  /** Field mode only: a reassembled payload, which field records of source 1 point into. */
  Reassembled: 7,
  /** Where an IP-reassembled transport payload's bytes are in the file: (offset, length) pairs of f64. */
  PayloadPieces: 8,
} as const;

/** Expert severities 1..4; Wireshark's value is the code shifted left 21 bits (PI_CHAT 0x00200000 ...). */
export const ExpertSeverity = { Chat: 1, Note: 2, Warn: 3, Error: 4 } as const;

/** Wireshark's expert groups; its value is the number shifted left 24 bits (PI_CHECKSUM 0x01000000 ...). */
export const ExpertGroup = {
  Checksum: 1,
  Sequence: 2,
  Response: 3,
  Request: 4,
  Undecoded: 5,
  Malformed: 7,
  Protocol: 9,
} as const;

/**
 * The expert messages the core produces, in id order (an item's message id is its position here). '%u'
 * (decimal) and '%04x' (four hex digits) stand for the item's number.
 */
export const ExpertMessage = {
  BadChecksum: 'Bad checksum [should be 0x%04x]',
  Retransmission: 'This frame is a (suspected) retransmission',
  FastRetransmission: 'This frame is a (suspected) fast retransmission',
  SpuriousRetransmission: 'This frame is a (suspected) spurious retransmission',
  OutOfOrder: 'This frame is a (suspected) out-of-order segment',
  LostSegment: 'Previous segment(s) not captured (common at capture start)',
  AckLostSegment: "ACKed segment that wasn't captured (common at capture start)",
  DuplicateAck: 'Duplicate ACK (#%u)',
  ZeroWindow: 'TCP Zero Window segment',
  ZeroWindowProbe: 'TCP Zero Window Probe',
  ZeroWindowProbeAck: 'ACK to a TCP Zero Window Probe',
  WindowFull: 'TCP window specified by the receiver is now completely full',
  WindowUpdate: 'TCP window update',
  KeepAlive: 'TCP keep-alive segment',
  KeepAliveAck: 'ACK to a TCP keep-alive segment',
  ReusedPorts: 'A new tcp session is started with the same ports as an earlier session in this trace',
  Syn: 'Connection establish request (SYN): server port %u',
  SynAck: 'Connection establish acknowledge (SYN+ACK): server port %u',
  Fin: 'Connection finish (FIN)',
  Rst: 'Connection reset (RST)',
  FinActive: 'This frame initiates the connection closing',
  FinPassive: 'This frame undergoes the connection closing',
  AckNonzero: 'The acknowledgment number field is nonzero while the ACK flag is not set',
  MssAbsent: 'The SYN packet does not contain a MSS option',
  IllegalChecksum: 'Illegal checksum value (0)',
  TtlTooSmall: '"Time To Live" only %u',
  TtlLocalControl: '"Time To Live" != 1 for a packet sent to the Local Network Control Block (see RFC 3171)',
  TfoAccepted: 'TCP SYN-ACK accepting TFO data',
  MalformedException: 'Malformed Packet (Exception occurred)',
  EthTrailerNotPadding:
    "Didn't find padding of zeros, and an undecoded trailer exists. There may be padding of non-zeros.",
} as const;

/** Problem codes of a capture's reading (assembly/problem.ts); src/core/problems.ts words them. */
export const ProblemCode = {
  None: 0,
  /** value: the first four bytes, big-endian. */
  NotACapture: 1,
  /** The file ends inside a record. offset: where the record starts. */
  CutShort: 2,
  /** A record claims more bytes than any packet may have. value: the claimed length. */
  RecordTooLarge: 3,
  /** A pcapng block whose total length is not a multiple of 4, under 12 bytes, or disagrees with its trailer. */
  BadBlock: 4,
  /** A record whose captured length exceeds its original length, or other impossible header values. */
  BadRecord: 5,
  /** A pcapng packet refers to an interface no IDB declared. value: the interface id. */
  UnknownInterface: 6,
  /** The pcap or pcapng version is not one this reader knows. value: major << 16 | minor. */
  BadVersion: 7,
  /** A NetMon frame table entry points outside the file. value: the entry's index. */
  BadFrameTable: 8,
  /** The first block of a pcapng file is not a section header. */
  NoSectionHeader: 9,
  /** The file's link type (or NetMon media type) is one tshark does not read. value: the link type. */
  UnsupportedLinkType: 10,
} as const;

/** What `feed()` returns (assembly/index.ts). */
export const FeedStatus = {
  /** Give more input. */
  NeedInput: 0,
  /** Output buffers are full: drain them and call feed(0, last) again. */
  OutputFull: 1,
  /** Reading is over (problemCode() says why; 0: a clean end). */
  Done: 2,
  /** The reader moved: read from readOffset() next. */
  NeedSeek: 3,
} as const;

/** Capture file formats (assembly/capture/detect.ts). */
export const CaptureFormat = { Unknown: 0, Pcap: 1, Pcapng: 2, Netmon: 3 } as const;

/** u32 words per field record: [id, depth | source << 8, start, length, v0, v1, v2, v3] (assembly/emit.ts). */
export const RECORD_WORDS = 8;
