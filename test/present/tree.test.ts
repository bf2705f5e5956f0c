import { describe, expect, it } from 'vitest';
import { buildTree, visibleNodes } from '../../src/present/tree';
import { ip, records } from '../support/records';

const recs = records(
  ['frame', 0, 0, 60],
  ['frame.number', 1, 0, 0, 3],
  ['frame.len', 1, 0, 0, 60],
  ['frame.cap_len', 1, 0, 0, 60],
  ['ip', 0, 14, 20],
  ['ip.flags', 1, 20, 1, 2],
  ['ip.flags.df', 2, 20, 1, 1],
  ['ip.proto', 1, 23, 1, 6],
  ['ip.src', 1, 26, 4, ip(10, 0, 0, 1)],
  ['ip.dst', 1, 30, 4, ip(10, 0, 0, 2)],
  ['ip.addr', 1, 26, 4, ip(10, 0, 0, 1)],
  ['ip.addr', 1, 30, 4, ip(10, 0, 0, 2)],
  ['data', 0, 14, 46],
  ['data.data', 1, 14, 46],
);

describe('protocol tree', () => {
  const bytes = Uint8Array.from({ length: 60 }, (_, i) => i);
  const tree = buildTree(recs, bytes);

  it('nests records by depth with tshark -V labels, without filter-only fields', () => {
    expect(tree.map((n) => n.text)).toEqual([
      'Frame 3: 60 bytes on wire (480 bits), 60 bytes captured (480 bits)',
      'Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2',
      'Data',
    ]);
    const ipNode = tree[1];
    expect(ipNode.children.map((n) => n.text)).toEqual([
      "010. .... = Flags: 0x2, Don't fragment",
      'Protocol: TCP (6)',
      'Source Address: 10.0.0.1',
      'Destination Address: 10.0.0.2',
    ]);
    expect(ipNode.children[0].children[0].text).toBe(".1.. .... = Don't fragment: Set");
    expect(ipNode.children[2]).toMatchObject({ start: 26, length: 4, tab: 0, path: 'ip/ip.src' });
  });

  it('cuts byte fields after 36 bytes, as tshark -V does', () => {
    expect(tree[2].children[0].text).toBe(
      'Data: ' + Array.from(bytes.subarray(14, 50), (b) => b.toString(16).padStart(2, '0')).join('') + '…',
    );
  });

  it('adds the frame lines tshark derives: times, lengths in bits, the protocol stack', () => {
    const withContext = buildTree(recs, bytes, [], { protocols: 'ip:data' });
    expect(withContext[0].children.map((n) => n.text)).toEqual([
      'Encapsulation type: Raw IP (7)',
      'Frame Number: 3',
      'Frame Length: 60 bytes (480 bits)',
      'Capture Length: 60 bytes (480 bits)',
      '[Frame is marked: False]',
      '[Frame is ignored: False]',
      '[Protocols in frame: ip:data]',
    ]);
  });

  it('lists what is visible given the expanded paths', () => {
    expect(visibleNodes(tree, new Set()).length).toBe(3);
    expect(visibleNodes(tree, new Set(['ip'])).length).toBe(7);
    expect(visibleNodes(tree, new Set(['ip', 'ip/ip.flags'])).length).toBe(8);
  });
});

describe('protocol tree with application layers', () => {
  const bytes = Uint8Array.from({ length: 60 }, (_, i) => i);
  const tree = buildTree(recs, bytes, [
    {
      name: 'http',
      label: 'Hypertext Transfer Protocol',
      depth: 0,
      text: 'Hypertext Transfer Protocol',
      start: 0,
      length: 40,
      tab: 1,
    },
    { name: '', label: 'GET / HTTP/1.1\\r\\n', depth: 1, text: 'GET / HTTP/1.1\\r\\n', start: 0, length: 16, tab: 1 },
    { name: 'http.host', label: 'Host', depth: 1, text: 'Host: example.com\\r\\n', start: 16, length: 19, tab: 1 },
  ]);

  it('puts them after the core layers, nested by depth, pointing into their byte tab', () => {
    expect(tree.map((n) => n.text).at(-1)).toBe('Hypertext Transfer Protocol');
    const layer = tree.at(-1)!;
    expect(layer.children.map((n) => n.text)).toEqual(['GET / HTTP/1.1\\r\\n', 'Host: example.com\\r\\n']);
    expect(layer.children[1]).toMatchObject({
      name: 'http.host',
      path: 'http/http.host',
      tab: 1,
      start: 16,
      length: 19,
    });
    expect(layer.children[0]).toMatchObject({ name: '', label: 'GET / HTTP/1.1\\r\\n' });
  });
});

describe('protocol tree with application fields named like filter-only copies', () => {
  it('keeps an application field ending in .port or .addr (portmap.port, sdp.media.port) as a line', () => {
    const tree = buildTree(recs, new Uint8Array(60), [
      { name: 'portmap', label: 'Portmap', depth: 0, text: 'Portmap', start: 0, length: 16, tab: 0 },
      { name: 'portmap.port', label: 'Port', depth: 1, text: 'Port: 111', start: 12, length: 4, tab: 0 },
    ]);
    expect(tree.at(-1)!.children.map((n) => n.text)).toEqual(['Port: 111']);
  });
});
