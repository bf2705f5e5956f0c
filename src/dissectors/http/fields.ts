import { field } from '../../fields/define';
import { registerFields } from '../../fields/registry';
import type { FieldDef } from '../../fields/types';

/** Header fields tshark gives their own filter name (lowercased header name → field). */
export const HEADER_FIELDS: Record<string, [string, string]> = {
  host: ['http.host', 'Host'],
  'user-agent': ['http.user_agent', 'User-Agent'],
  accept: ['http.accept', 'Accept'],
  'accept-language': ['http.accept_language', 'Accept-Language'],
  'accept-encoding': ['http.accept_encoding', 'Accept-Encoding'],
  referer: ['http.referer', 'Referer'],
  cookie: ['http.cookie', 'Cookie'],
  'set-cookie': ['http.set_cookie', 'Set-Cookie'],
  connection: ['http.connection', 'Connection'],
  'content-type': ['http.content_type', 'Content-Type'],
  'content-length': ['http.content_length_header', 'Content-Length'],
  'content-encoding': ['http.content_encoding', 'Content-encoding'],
  'transfer-encoding': ['http.transfer_encoding', 'Transfer-Encoding'],
  server: ['http.server', 'Server'],
  date: ['http.date', 'Date'],
  location: ['http.location', 'Location'],
  'last-modified': ['http.last_modified', 'Last-Modified'],
  'cache-control': ['http.cache_control', 'Cache-Control'],
  authorization: ['http.authorization', 'Authorization'],
  'www-authenticate': ['http.www_authenticate', 'WWW-Authenticate'],
  upgrade: ['http.upgrade', 'Upgrade'],
  'http2-settings': ['http.http2_settings', 'HTTP2-Settings'],
};

const s = (name: string, label: string): FieldDef => ({ name, label, type: 'string' });

registerFields([
  { name: 'http', label: 'Hypertext Transfer Protocol', type: 'protocol' },
  { name: 'http.request', label: 'Request', type: 'bool' },
  { name: 'http.response', label: 'Response', type: 'bool' },
  s('http.request.method', 'Request Method'),
  s('http.request.uri', 'Request URI'),
  s('http.request.version', 'Request Version'),
  s('http.request.full_uri', 'Full request URI'),
  s('http.response.version', 'Response Version'),
  { name: 'http.response.code', label: 'Status Code', type: 'uint' },
  s('http.response.code.desc', 'Status Code Description'),
  s('http.response.phrase', 'Response Phrase'),
  s('http.request.line', 'Request line'),
  s('http.response.line', 'Response line'),
  ...Object.values(HEADER_FIELDS)
    .filter(([name]) => name !== 'http.request.line')
    .map(([name, label]) => s(name, label)),
  { name: 'http.content_length', label: 'Content length', type: 'uint' },
  { name: 'http.request_number', label: 'Request number', type: 'uint' },
  { name: 'http.response_number', label: 'Response number', type: 'uint' },
  { name: 'http.time', label: 'Time since request', type: 'reltime' },
  { name: 'http.request_in', label: 'Request in frame', type: 'framenum' },
  // Known to filters; like tshark's single pass, a request never learns its later response.
  { name: 'http.response_in', label: 'Response in frame', type: 'framenum' },
  { name: 'http.prev_request_in', label: 'Prev request in frame', type: 'framenum' },
  { name: 'http.prev_response_in', label: 'Prev response in frame', type: 'framenum' },
  s('http.response_for.uri', 'Request URI'),
  s('http.file_data', 'File Data'),
  field('http.request.uri.path', 'Request URI Path', 'string'),
  field('http.request.uri.query', 'Request URI Query', 'string'),
  field('http.request.uri.query.parameter', 'Request URI Query Parameter', 'string'),
  field('http.cookie_pair', 'Cookie pair', 'string'),
]);
