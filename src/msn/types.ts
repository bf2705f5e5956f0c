import type { MessageFormat } from './mime';

/** What `loupe chat --json` prints and the Chats view shows (the shape of the corpus's truth.json files). */
export interface ChatReport {
  conversations: Conversation[];
  logins: Login[];
  presence: PresenceEvent[];
}

export type EventKind = 'message' | 'typing' | 'join' | 'leave' | 'nudge' | 'file' | 'control';

export interface Participant {
  account: string;
  displayName: string;
}

export interface ChatEvent {
  /** The frame carrying the command's last byte (first transmission). */
  frame: number;
  /** That frame's time, epoch seconds. */
  time: number;
  from: string;
  kind: EventKind;
  text: string;
  /** On the stream's own client's MSGs: its transaction id and acknowledgement type (U, N, A, D). */
  trid?: string;
  ackType?: string;
  /** The server's answer to an A/D (or failed N) message: ACK, NAK, or none when the capture has no answer. */
  delivery?: 'ACK' | 'NAK' | 'none';
  /** The frame and seconds it took to answer. */
  deliveryFrame?: number;
  deliveryLatency?: number;
  format?: MessageFormat;
  contentType?: string;
  /** File invitations: size, invitation command (INVITE, ACCEPT, CANCEL), whether it was accepted. */
  fileSize?: number;
  invitation?: string;
  accepted?: boolean;
  /** Kind 'control': what it was (a wink, a voice clip...). */
  control?: string;
}

export interface ChatError {
  frame: number;
  time: number;
  code: string;
  trid?: string;
  meaning: string;
}

export interface Invitation {
  frame: number;
  time: number;
  account: string;
  /** RINGING, or the error code when the call failed. */
  result?: string;
}

export interface CaptureGap {
  frame: number;
  time: number;
  /** Which way the lost bytes went: sent by the client or by the server. */
  direction: 'client' | 'server';
  missingBytes: number;
}

export interface Conversation {
  stream: number;
  client: string;
  client_address: string;
  server: string;
  participants: Participant[];
  messages: ChatEvent[];
  errors: ChatError[];
  invitations: Invitation[];
  /** Bytes the capture lost: messages there may be missing. */
  gaps: CaptureGap[];
  /** The capture starts after the conversation did (its first commands are not in it). */
  partial: boolean;
  firstFrame: number;
  firstTime: number;
}

export interface Login {
  stream: number;
  account: string;
  protocol: string;
  client: string;
  ok: boolean;
  error: string | null;
  errorMeaning?: string;
  client_address: string;
  server: string;
  frame: number;
  time: number;
  displayName?: string;
  /** An XFR NS: the server sent the client to another notification server. */
  redirect?: string;
}

export interface PresenceEvent {
  frame: number;
  time: number;
  stream: number;
  account: string;
  status: string;
  command: 'CHG' | 'ILN' | 'NLN' | 'FLN';
  displayName?: string;
}
