import { tcpCapture, type Segment } from './tcp-script';

/** Two HTTP/1.1 exchanges with a server on TCP port 8001 (client ports 40000 and 40001: streams 0 and 1). */
export function oddPortHttp(): Uint8Array {
  const exchange = (cport: number, t: number, path: string): Segment[] => {
    const request = `GET ${path} HTTP/1.1\r\nHost: 10.0.0.2:8001\r\n\r\n`;
    const response = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello';
    return [
      { from: 'c', seq: 0, flags: 'S', t, cport, sport: 8001 },
      { from: 's', seq: 0, ack: 1, flags: 'SA', t: t + 1, cport, sport: 8001 },
      { from: 'c', seq: 1, ack: 1, t: t + 2, cport, sport: 8001 },
      { from: 'c', seq: 1, ack: 1, flags: 'PA', data: request, t: t + 3, cport, sport: 8001 },
      { from: 's', seq: 1, ack: 1 + request.length, flags: 'PA', data: response, t: t + 4, cport, sport: 8001 },
    ];
  };
  return tcpCapture([...exchange(40000, 0, '/a'), ...exchange(40001, 10, '/b')]);
}
