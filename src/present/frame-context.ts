/** What a frame's tree says beyond its own records: times relative to other frames and the protocol stack. */
export interface FrameContext {
  /**
   * Capture time of the time reference (the last *REF* frame up to this one, else the first frame) and of the
   * previous frame, in nanoseconds since the epoch; of the previous displayed frame when the list is filtered.
   */
  firstNs?: bigint;
  previousNs?: bigint;
  previousDisplayedNs?: bigint;
  /** The analyst marked the frame, or made it a time reference. */
  marked?: boolean;
  timeReference?: boolean;
  /** "eth:ethertype:ip:tcp:http". */
  protocols: string;
  /** A pcapng capture's frames name their section and interface. */
  pcapng?: boolean;
  /** The interface's if_name, when the pcapng file gives one. */
  interfaceName?: string;
  /** The frame's TCP stream: times since its first and previous frames, payload bytes since the last PSH. */
  tcp?: { sinceFirstNs: bigint; sincePreviousNs: bigint; sincePush?: number };
  /** The frame's UDP stream: times since its first and previous frames. */
  udp?: { sinceFirstNs: bigint; sincePreviousNs: bigint };
  /** Names of the frame's Ethernet addresses, by address text, resolved where the vendor table is loaded. */
  etherNames?: Record<string, string>;
}
