import type { TcpGraphKind } from './tcp-graph-charts';

/** What a capture's tab keeps of its graph views: the TCP stream graphed and how, the flow diagram's scope. */
export interface GraphChoices {
  tcpStream: number;
  tcpStreamCount: number;
  tcpKind: TcpGraphKind;
  /** undefined: the direction that carried more data. */
  tcpDirection?: 0 | 1;
  flowScope: 'displayed' | 'stream';
}

export function defaultGraphChoices(): GraphChoices {
  return { tcpStream: 0, tcpStreamCount: 0, tcpKind: 'stevens', flowScope: 'displayed' };
}
