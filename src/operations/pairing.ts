import type { DissectedFrame } from '../passes/dissect-frames';
import { endpoint, frameView, mayHoldMessages, type FrameView } from './frame-view';
import { MessageReader, type Request, type Response } from './messages';
import type { Operation } from './types';

/** A request waiting for its response. */
interface Pending {
  operation: Operation;
  sec: number;
  nsec: number;
  /** SMTP message data: later data moves the request to the frame where the message ends. */
  continuing?: boolean;
}

const KIND_LABELS: Record<string, string> = { tcp: 'TCP', udp: 'UDP' };

/**
 * Pairs requests with responses over a capture's frames, fed in capture order from a field-mode pass (the one
 * the statistics use). Requests never answered are operations too; `operations()` lists every one by request frame.
 */
export class OperationsBuilder {
  private readonly reader = new MessageReader();
  /** Waiting requests by kind and key, oldest first. */
  private readonly pending = new Map<string, Pending[]>();
  private readonly done: Operation[] = [];
  private baseSec?: number;
  private baseNsec = 0;

  /** `base`: the capture's first frame's time, when that frame is not the first one added (a subset of frames). */
  constructor(base?: { sec: number; nsec: number }) {
    if (base) [this.baseSec, this.baseNsec] = [base.sec, base.nsec];
  }

  add(frame: DissectedFrame): void {
    // Of a frame with nothing to pair, only the first frame's time matters.
    if (this.baseSec !== undefined && !mayHoldMessages(frame)) return;
    const view = frameView(frame);
    if (this.baseSec === undefined) {
      this.baseSec = view.sec;
      this.baseNsec = view.nsec;
    }
    for (const message of this.reader.read(view)) {
      if (message.role === 'request') this.request(view, message);
      else this.response(view, message);
    }
  }

  /** Every operation, answered or not, in the order of their request frames. */
  operations(): Operation[] {
    const waiting = [...this.pending.values()].flat().map((p) => p.operation);
    return [...this.done, ...waiting].sort((a, b) => a.requestFrame - b.requestFrame || a.start - b.start);
  }

  private request(view: FrameView, message: Request): void {
    const slot = `${message.kind} ${message.key}`;
    const queue = this.pending.get(slot);
    const last = queue?.at(-1);
    if (message.continues && last?.continuing) {
      // The message goes on: its request is where its data ends.
      last.operation.requestFrame = view.number;
      last.operation.start = this.seconds(view.sec, view.nsec);
      [last.sec, last.nsec] = [view.sec, view.nsec];
      return;
    }
    // A request repeating a waiting one's identifier is its retransmission (DNS, ICMP, DHCP retry the same ID).
    if (message.byId && last) return;
    const operation: Operation = {
      kind: message.kind,
      ...conversationOf(view, message),
      client: endpoint(view.src, view.srcPort),
      server: endpoint(view.dst, view.dstPort),
      requestFrame: view.number,
      start: this.seconds(view.sec, view.nsec),
      summary: message.summary,
      status: message.oneWay ? '' : 'no response',
      severity: message.oneWay ? 'ok' : 'failed',
    };
    if (message.oneWay) {
      this.done.push(operation);
      return;
    }
    const entry: Pending = { operation, sec: view.sec, nsec: view.nsec, continuing: message.continues };
    if (queue) queue.push(entry);
    else this.pending.set(slot, [entry]);
  }

  private response(view: FrameView, message: Response): void {
    const slot = `${message.kind} ${message.key}`;
    const queue = this.pending.get(slot);
    const answered = queue?.shift();
    if (!answered) return; // a reply to nothing seen (the capture began after its request)
    if (queue!.length === 0) this.pending.delete(slot);
    const operation = answered.operation;
    operation.responseFrame = view.number;
    // Whole nanoseconds, as the capture's timestamps are.
    operation.responseTime = Math.round((view.sec - answered.sec) * 1e9 + (view.nsec - answered.nsec)) / 1e9;
    operation.status = message.status;
    operation.severity = message.severity;
    this.done.push(operation);
  }

  private seconds(sec: number, nsec: number): number {
    return sec - this.baseSec! + (nsec - this.baseNsec) / 1e9;
  }
}

/** The conversation an operation belongs to: its transport stream, or the two hosts for ICMP. */
function conversationOf(view: FrameView, message: Request): { conversation: string; conversationLabel: string } {
  const client = endpoint(view.src, view.srcPort);
  const server = endpoint(view.dst, view.dstPort);
  if (view.transport && message.kind !== 'icmp')
    return {
      conversation: `${view.transport} ${view.stream}`,
      conversationLabel: `${KIND_LABELS[view.transport]} ${client} ↔ ${server}`,
    };
  const [a, b] = [view.src, view.dst].sort();
  return { conversation: `icmp ${a} ${b}`, conversationLabel: `ICMP ${view.src} ↔ ${view.dst}` };
}
