import { registerFields } from '../../fields/registry';
import { field } from '../../fields/define';

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

registerFields([
  field('http', 'Hypertext Transfer Protocol', 'protocol'),
  field('http.request', 'Request', 'bool'),
  field('http.response', 'Response', 'bool'),
  field('http.request.method', 'Request Method', 'string'),
  field('http.request.uri', 'Request URI', 'string'),
  field('http.request.version', 'Request Version', 'string'),
  field('http.request.full_uri', 'Full request URI', 'string'),
  field('http.response.version', 'Response Version', 'string'),
  field('http.response.code', 'Status Code', 'uint'),
  field('http.response.code.desc', 'Status Code Description', 'string'),
  field('http.response.phrase', 'Response Phrase', 'string'),
  field('http.request.line', 'Request line', 'string'),
  field('http.response.line', 'Response line', 'string'),
  ...Object.values(HEADER_FIELDS)
    .filter(([name]) => name !== 'http.request.line')
    .map(([name, label]) => field(name, label, 'string')),
  field('http.content_length', 'Content length', 'uint'),
  field('http.request_number', 'Request number', 'uint'),
  field('http.response_number', 'Response number', 'uint'),
  field('http.time', 'Time since request', 'reltime'),
  field('http.request_in', 'Request in frame', 'framenum'),
  // Known to filters; like tshark's single pass, a request never learns its later response.
  field('http.response_in', 'Response in frame', 'framenum'),
  field('http.prev_request_in', 'Prev request in frame', 'framenum'),
  field('http.prev_response_in', 'Prev response in frame', 'framenum'),
  field('http.response_for.uri', 'Request URI', 'string'),
  field('http.file_data', 'File Data', 'string'),
  field('http.request.uri.path', 'Request URI Path', 'string'),
  field('http.request.uri.query', 'Request URI Query', 'string'),
  field('http.request.uri.query.parameter', 'Request URI Query Parameter', 'string'),
  field('http.cookie_pair', 'Cookie pair', 'string'),
]);
