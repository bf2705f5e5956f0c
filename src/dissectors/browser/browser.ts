import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import type { PacketContext } from '../api';
import type { TreeBuilder } from '../tree';
import { stringz } from '../stringz';
import { field } from '../../fields/define';

// MS-BRWS §2.2: the messages of \MAILSLOT\BROWSE.
const COMMANDS: Record<number, string> = {
  1: 'Host Announcement',
  2: 'Request Announcement',
  8: 'Browser Election Request',
  9: 'Get Backup List Request',
  10: 'Get Backup List Response',
  11: 'Become Backup Browser',
  12: 'Domain/Workgroup Announcement',
  13: 'Master Announcement',
  14: 'Reset Browser State Announcement',
  15: 'Local Master Announcement',
};

// Server type bits (MS-RAP SV_TYPE_*): the field, and the words Info lists them with.
const SERVER_TYPES: [string, string, string][] = [
  ['workstation', 'Workstation', 'Workstation'],
  ['server', 'Server', 'Server'],
  ['sql', 'SQL', 'SQL Server'],
  ['domain_controller', 'Domain Controller', 'Domain Controller'],
  ['backup_controller', 'Backup Controller', 'Backup Controller'],
  ['time', 'Time Source', 'Time Source'],
  ['apple', 'Apple', 'Apple Server'],
  ['novell', 'Novell', 'Novell Server'],
  ['member', 'Member', 'Domain Member Server'],
  ['print', 'Print', 'Print Queue Server'],
  ['dialin', 'Dialin', 'Dialin Server'],
  ['xenix', 'Xenix', 'Xenix Server'],
  ['ntw', 'NT Workstation', 'NT Workstation'],
  ['wfw', 'WfW', 'Windows for Workgroups'],
  ['', '', 'Unknown server type:14'],
  ['nts', 'NT Server', 'NT Server'],
  ['browser.potential', 'Potential Browser', 'Potential Browser'],
  ['browser.backup', 'Backup Browser', 'Backup Browser'],
  ['browser.master', 'Master Browser', 'Master Browser'],
  ['browser.domain_master', 'Domain Master Browser', 'Domain Master Browser'],
  ['osf', 'OSF', 'OSF'],
  ['vms', 'VMS', 'VMS'],
  ['w95', 'Windows 95+', 'Windows 95 or above'],
  ['dfs', 'DFS', 'DFS server'],
  ...[24, 25, 26, 27, 28, 29].map((bit): [string, string, string] => ['', '', `Unknown server type:${bit}`]),
  ['local', 'Local', 'Local List Only'],
  ['domainenum', 'Domain Enum', 'Domain Enum'],
];
const WINDOWS_VERSIONS: Record<string, string> = {
  '5.0': 'Windows 2000',
  '5.1': 'Windows XP',
  '5.2': 'Windows Server 2003 R2 or Windows Server 2003',
  '6.0': 'Windows Vista or Windows Server 2008',
  '6.1': 'Windows 7 or Windows Server 2008 R2',
};
const DESIRES: [string, number, string][] = [
  ['backup', 0x01, 'Backup'],
  ['standby', 0x02, 'Standby'],
  ['master', 0x04, 'Master'],
  ['domain_master', 0x08, 'Domain Master'],
  ['wins', 0x20, 'WINS'],
  ['nt', 0x80, 'NT'],
];
const ELECTION_OS: [string, number, string][] = [
  ['wfw', 0x01, 'WfW'],
  ['ntw', 0x10, 'NT Workstation'],
  ['nts', 0x20, 'NT Server'],
];

registerFields([
  field('browser', 'Microsoft Windows Browser Protocol', 'protocol'),
  field('browser.command', 'Command', 'hex8', { values: COMMANDS }),
  field('browser.update_count', 'Update Count', 'uint'),
  field('browser.period', 'Update Periodicity', 'uint'),
  field('browser.server', 'Server Name', 'string'),
  field('browser.mb_server', 'Master Browser Server Name', 'string'),
  field('browser.windows_version', 'Windows version', 'string'),
  field('browser.os_major', 'OS Major Version', 'uint'),
  field('browser.os_minor', 'OS Minor Version', 'uint'),
  field('browser.server_type', 'Server Type', 'hex32'),
  ...SERVER_TYPES.filter(([flag]) => flag).map(([flag, label]) => field(`browser.server_type.${flag}`, label, 'bool')),
  field('browser.proto_major', 'Browser Protocol Major Version', 'uint'),
  field('browser.proto_minor', 'Browser Protocol Minor Version', 'uint'),
  field('browser.sig', 'Signature', 'hex16'),
  field('browser.comment', 'Host Comment', 'string'),
  field('browser.unused', 'Unused flags', 'hex8'),
  field('browser.response_computer_name', 'Response Computer Name', 'string'),
  field('browser.election.version', 'Election Version', 'uint'),
  field('browser.election.criteria', 'Election Criteria', 'hex32'),
  field('browser.election.desire', 'Election Desire', 'hex8'),
  ...DESIRES.map(([flag, , label]) => field(`browser.election.desire.${flag}`, label, 'bool')),
  field('browser.election.os', 'Election OS', 'hex8'),
  ...ELECTION_OS.map(([flag, , label]) => field(`browser.election.os.${flag}`, label, 'bool')),
  field('browser.uptime', 'Uptime', 'uint'),
  field('browser.backup.count', 'Backup List Requested Count', 'uint'),
  field('browser.backup.token', 'Backup Request Token', 'uint'),
  field('browser.backup.server', 'Backup Server', 'string'),
  field('browser.browser_to_promote', 'Browser to Promote', 'string'),
  field('browser.reset_cmd', 'ResetBrowserState Command', 'hex8'),
  field('browser.reset_cmd.demote', 'Demote LMB', 'bool'),
  field('browser.reset_cmd.flush', 'Flush Browse List', 'bool'),
  field('browser.reset_cmd.stop_lmb', 'Stop Being LMB', 'bool'),
]);

const HOST = 1;
const REQUEST = 2;
const ELECTION = 8;
const BACKUP_REQUEST = 9;
const BACKUP_RESPONSE = 10;
const BECOME_BACKUP = 11;
const DOMAIN = 12;
const MASTER = 13;
const RESET = 14;
const LOCAL_MASTER = 15;

/** The browser protocol (MS-BRWS) in a \MAILSLOT\BROWSE write; integers are little-endian. */
export function dissectBrowser(data: Bytes, ctx: PacketContext): void {
  const { tree, columns } = ctx;
  const command = data.u8(0);
  columns.protocol = 'BROWSER';
  columns.info = COMMANDS[command] ?? `Unknown command:0x${command.toString(16).padStart(2, '0')}`;
  tree.open('browser', data.abs(0), data.length);
  tree.add('browser.command', data.abs(0), 1, command);
  switch (command) {
    case HOST:
    case DOMAIN:
    case LOCAL_MASTER: {
      tree.add('browser.update_count', data.abs(1), 1, data.u8(1));
      tree.add('browser.period', data.abs(2), 4, data.u32le(2));
      const name = nulPadded(data.bytes(6, 16));
      tree.add('browser.server', data.abs(6), 16, name);
      const [major, minor] = [data.u8(22), data.u8(23)];
      tree.add('browser.windows_version', data.abs(22), 2, WINDOWS_VERSIONS[`${major}.${minor}`] ?? '');
      tree.add('browser.os_major', data.abs(22), 1, major);
      tree.add('browser.os_minor', data.abs(23), 1, minor);
      const types = serverType(tree, data, 24);
      tree.add('browser.proto_major', data.abs(28), 1, data.u8(28));
      tree.add('browser.proto_minor', data.abs(29), 1, data.u8(29));
      tree.add('browser.sig', data.abs(30), 2, data.u16le(30));
      columns.info += ` ${name}${types.map((t) => `, ${t}`).join('')}`;
      const tail = stringz(data, 32);
      tree.add(command === DOMAIN ? 'browser.mb_server' : 'browser.comment', data.abs(32), tail.length, tail.text);
      break;
    }
    case REQUEST: {
      tree.add('browser.unused', data.abs(1), 1, data.u8(1));
      const name = stringz(data, 2);
      tree.add('browser.response_computer_name', data.abs(2), name.length, name.text);
      columns.info += ` ${name.text}`;
      break;
    }
    case ELECTION: {
      tree.add('browser.election.version', data.abs(1), 1, data.u8(1));
      tree.open('browser.election.criteria', data.abs(2), 4, undefined, data.u32le(2));
      bits(tree, data, 2, 'browser.election.desire', DESIRES);
      tree.add('browser.proto_major', data.abs(3), 1, data.u8(3));
      tree.add('browser.proto_minor', data.abs(4), 1, data.u8(4));
      bits(tree, data, 5, 'browser.election.os', ELECTION_OS);
      tree.close();
      tree.add('browser.uptime', data.abs(6), 4, data.u32le(6));
      // Four unused bytes precede the name (MS-BRWS §2.2.7).
      const name = stringz(data, 14);
      tree.add('browser.server', data.abs(14), name.length, name.text);
      break;
    }
    case BACKUP_REQUEST:
    case BACKUP_RESPONSE: {
      const count = data.u8(1);
      tree.add('browser.backup.count', data.abs(1), 1, count);
      tree.add('browser.backup.token', data.abs(2), 4, data.u32le(2));
      for (let i = 0, p = 6; command === BACKUP_RESPONSE && i < count; i++) {
        const server = stringz(data, p);
        tree.add('browser.backup.server', data.abs(p), server.length, server.text);
        p += server.length;
      }
      break;
    }
    case BECOME_BACKUP: {
      const name = stringz(data, 1);
      tree.add('browser.browser_to_promote', data.abs(1), name.length, name.text);
      break;
    }
    case MASTER: {
      const name = stringz(data, 1);
      tree.add('browser.mb_server', data.abs(1), name.length, name.text);
      break;
    }
    case RESET: {
      const value = data.u8(1);
      tree.open('browser.reset_cmd', data.abs(1), 1, undefined, value);
      tree.add('browser.reset_cmd.demote', data.abs(1), 1, value & 1);
      tree.add('browser.reset_cmd.flush', data.abs(1), 1, (value >> 1) & 1);
      tree.add('browser.reset_cmd.stop_lmb', data.abs(1), 1, (value >> 2) & 1);
      tree.close();
      break;
    }
  }
  tree.close();
}

/** The server type word with its bits; returns the Info words of the bits set. */
function serverType(tree: TreeBuilder, data: Bytes, at: number): string[] {
  const value = data.u32le(at);
  tree.open('browser.server_type', data.abs(at), 4, undefined, value);
  const set: string[] = [];
  SERVER_TYPES.forEach(([field, , words], bit) => {
    const on = (value >>> bit) & 1;
    if (on) set.push(words);
    if (field) tree.add(`browser.server_type.${field}`, data.abs(at), 4, on);
  });
  tree.close();
  return set;
}

function bits(tree: TreeBuilder, data: Bytes, at: number, field: string, flags: [string, number, string][]): void {
  const value = data.u8(at);
  tree.open(field, data.abs(at), 1, undefined, value);
  for (const [name, mask] of flags) tree.add(`${field}.${name}`, data.abs(at), 1, value & mask ? 1 : 0);
  tree.close();
}

function nulPadded(b: Uint8Array): string {
  const nul = b.indexOf(0);
  return new TextDecoder().decode(nul < 0 ? b : b.subarray(0, nul));
}
