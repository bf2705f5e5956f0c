/**
 * The application dissectors: importing this module registers their fields and their ports/heuristics.
 * Each protocol lives in its own folder and registers itself; nothing here knows any protocol.
 */
import './framework-fields';
import './dns/dns';
import './mdns/mdns';
import './llmnr/llmnr';
import './http/fields';
import './http/http';
import './http2/http2';
import './ftp/ftp';
import './smtp/smtp';
import './pop/pop';
import './imap/imap';
import './sip/sip';
import './tftp/tftp';
import './dhcp/dhcp';
import './dhcpv6/dhcpv6';
import './tls/tls';
import './msnms/msnms';
import './nbss/nbss';
import './nbns/nbns';
import './nbds/nbds';
import './ntp/ntp';
import './telnet/telnet';
import './ssh/ssh';
import './syslog/syslog';
import './snmp/snmp';
import './ldap/ldap';
import './radius/radius';
import './kerberos/kerberos';
import './rdp/rdp';
import './quic/fields';
import './quic/quic';
import './dcerpc/fields';
import './dcerpc/dcerpc';
import './cflow/fields';
import './cflow/cflow';
import './bgp/fields';
import './bgp/bgp';
import './wireguard/wireguard';
import './openvpn/openvpn';
import './modbus/modbus';
import './pgsql/pgsql';
import './mysql/mysql';
import './resp/resp';
import './mqtt/mqtt';
import './s7comm/s7comm';
import './rpc/rpc';
import './rpc/portmap';
import './rpc/nfs';

export { AppSession, type FrameDissection } from './session';
export { DissectedFrameSource } from './field-source';
export { formatItem } from './format';
export type { FrameInput } from './core-frame';
export type { ExportedObject } from './api';
