import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { registerRpcProgram, type ProgramText } from './rpc';
import { opaque } from './xdr';
import { field } from '../../fields/define';

// Portmap v2 (RFC 1833 §3) and rpcbind v3/v4 (RFC 1833 §2).
const V2: Record<number, string> = { 0: 'NULL', 1: 'SET', 2: 'UNSET', 3: 'GETPORT', 4: 'DUMP', 5: 'CALLIT' };
const V3: Record<number, string> = {
  0: 'NULL',
  1: 'SET',
  2: 'UNSET',
  3: 'GETADDR',
  4: 'DUMP',
  5: 'CALLIT',
  6: 'GETTIME',
  7: 'UADDR2TADDR',
  8: 'TADDR2UADDR',
};
const V4: Record<number, string> = {
  ...V3,
  5: 'BCAST',
  9: 'GETVERSADDR',
  10: 'INDIRECT',
  11: 'GETADDRLIST',
  12: 'GETSTAT',
};
const PROCEDURES: Record<number, Record<number, string>> = { 2: V2, 3: V3, 4: V4 };
const PROTOCOLS: Record<number, string> = { 6: 'TCP', 17: 'UDP' };
const PROGRAMS: Record<number, string> = {
  100000: 'Portmap',
  100003: 'NFS',
  100005: 'MOUNT',
  100021: 'NLM',
  100024: 'STAT',
  100227: 'NFSACL',
};
const [SET, UNSET, GETPORT, DUMP] = [1, 2, 3, 4];
const GETADDR = 3;
const GETVERSADDR = 9;

registerFields([
  field('portmap', 'Portmap', 'protocol'),
  ...[2, 3, 4].map((v) => field(`portmap.procedure_v${v}`, `V${v} Procedure`, 'uint', { values: PROCEDURES[v] })),
  field('portmap.prog', 'Program', 'uint', { values: PROGRAMS }),
  field('portmap.version', 'Version', 'uint'),
  field('portmap.proto', 'Protocol', 'uint'),
  field('portmap.port', 'Port', 'uint'),
  field('portmap.rpcb', 'RPCB', 'none'),
  field('portmap.rpcb.prog', 'Program', 'uint', { values: PROGRAMS }),
  field('portmap.rpcb.version', 'Version', 'uint'),
  field('portmap.rpcb.netid', 'Network Id', 'string'),
  field('portmap.rpcb.addr', 'Universal Address', 'string'),
  field('portmap.rpcb.owner', 'Owner of this Service', 'string'),
  field('portmap.uaddr', 'Universal Address', 'string'),
]);

const programName = (n: number) => `${PROGRAMS[n] ?? 'Unknown'} (${n})`;

/** A v2 mapping (prog, vers, prot, port); its values. */
function mapping(tree: TreeBuilder, data: Bytes, at: number) {
  const [prog, version, proto, port] = [data.u32(at), data.u32(at + 4), data.u32(at + 8), data.u32(at + 12)];
  tree.add('portmap.prog', data.abs(at), 4, prog, `Program: ${programName(prog)}`);
  tree.add('portmap.version', data.abs(at + 4), 4, version);
  tree.add(
    'portmap.proto',
    data.abs(at + 8),
    4,
    proto,
    `Protocol: ${PROTOCOLS[proto] ?? 'Unknown'} (0x${proto.toString(16).padStart(2, '0')})`,
  );
  tree.add('portmap.port', data.abs(at + 12), 4, port);
  return { prog, version, proto, port };
}

/** An rpcb structure (RFC 1833 §2.1); the offset after it and its program and version. */
function rpcb(tree: TreeBuilder, data: Bytes, at: number) {
  const item = tree.open('portmap.rpcb', data.abs(at), 0, 'RPCB');
  const [prog, version] = [data.u32(at), data.u32(at + 4)];
  tree.add('portmap.rpcb.prog', data.abs(at), 4, prog, `Program: ${programName(prog)}`);
  tree.add('portmap.rpcb.version', data.abs(at + 4), 4, version);
  let p = opaque(tree, data, at + 8, 'portmap.rpcb.netid', 'Network Id').next;
  p = opaque(tree, data, p, 'portmap.rpcb.addr', 'Universal Address').next;
  p = opaque(tree, data, p, 'portmap.rpcb.owner', 'Owner of this Service').next;
  item.length = p - at;
  tree.close();
  return { next: p, prog, version };
}

function call(args: Bytes, version: number, procedure: number, tree: TreeBuilder): ProgramText | undefined {
  if (version === 2 && (procedure === SET || procedure === UNSET || procedure === GETPORT)) {
    const m = mapping(tree, args, 0);
    const text = ` ${PROGRAMS[m.prog] ?? 'Unknown'}(${m.prog}) V:${m.version} ${PROTOCOLS[m.proto] ?? m.proto}`;
    return { info: text, label: '' };
  }
  if (version >= 3 && [SET, UNSET, GETADDR, GETVERSADDR].includes(procedure)) rpcb(tree, args, 0);
  return undefined;
}

function reply(results: Bytes, version: number, procedure: number, tree: TreeBuilder): ProgramText | undefined {
  if (procedure === DUMP) {
    for (let at = 0; at + 4 <= results.length;) {
      const follows = results.u32(at);
      tree.add('rpc.value_follows', results.abs(at), 4, follows ? 1 : 0, `Value Follows: ${follows ? 'Yes' : 'No'}`);
      at += 4;
      if (!follows) break;
      if (version === 2) {
        const start = at;
        const item = tree.openText('Map Entry', results.abs(at), 16);
        const m = mapping(tree, results, at);
        item.text = `Map Entry: ${programName(m.prog).replace(/ \((\d+)\)$/, ' ($1)')} V${m.version}`;
        tree.close();
        at = start + 16;
      } else at = rpcb(tree, results, at).next;
    }
    return undefined;
  }
  if (version === 2 && procedure === GETPORT) {
    const port = results.u32(0);
    tree.add('portmap.port', results.abs(0), 4, port);
    return { info: ` Port:${port}`, label: '' };
  }
  if (version === 2 && (procedure === SET || procedure === UNSET)) return undefined;
  if (version >= 3 && (procedure === GETADDR || procedure === GETVERSADDR || procedure === 8))
    opaque(tree, results, 0, 'portmap.uaddr', 'Universal Address');
  return undefined;
}

registerRpcProgram({
  number: 100000,
  protocol: 'portmap',
  label: 'Portmap',
  column: 'Portmap',
  procedureName: (version, procedure) => PROCEDURES[version]?.[procedure],
  procedureField: (version) => (PROCEDURES[version] ? `portmap.procedure_v${version}` : undefined),
  call: (args, c, ctx) => call(args, c.version, c.procedure, ctx.tree),
  reply: (results, c, ctx) => reply(results, c.version, c.procedure, ctx.tree),
});
