import { registerFields } from '../../fields/registry';
import { treeBytes } from '../../fields/format';
import { utf8 } from '../bytes';
import type { TreeBuilder } from '../tree';
import { child, CONTEXT, integerValue, oidText, parseDer, UNIVERSAL, type Der } from './der';
import { field } from '../../fields/define';

/**
 * X.509 certificates (RFC 5280) as Wireshark's x509af/x509if/x509sat/x509ce/pkcs1 dissectors show them: the
 * signed certificate's fields, names, validity, public key and the common extensions. Parsing is asn1js's.
 */
registerFields([
  field('x509af.signedCertificate_element', 'signedCertificate', 'none'),
  field('x509af.version', 'version', 'int', { values: { 0: 'v1', 1: 'v2', 2: 'v3' } }),
  field('x509af.serialNumber', 'serialNumber', 'bytes'),
  field('x509af.signature_element', 'signature', 'none'),
  field('x509af.algorithm.id', 'Algorithm Id', 'string'),
  field('x509af.issuer', 'issuer', 'uint'),
  field('x509af.subject', 'subject', 'uint'),
  field('x509if.rdnSequence', 'rdnSequence', 'uint'),
  field('x509if.RDNSequence_item', 'RDNSequence item', 'uint'),
  field('x509if.RelativeDistinguishedName_item_element', 'RelativeDistinguishedName item', 'none'),
  field('x509if.oid', 'Object Id', 'string'),
  field('x509sat.CountryName', 'CountryName', 'string'),
  field('x509sat.DirectoryString', 'DirectoryString', 'uint'),
  field('x509sat.teletexString', 'teletexString', 'string'),
  field('x509sat.printableString', 'printableString', 'string'),
  field('x509sat.universalString', 'universalString', 'string'),
  field('x509sat.bmpString', 'bmpString', 'string'),
  field('x509sat.uTF8String', 'uTF8String', 'string'),
  field('x509sat.IA5String', 'IA5String', 'string'),
  field('x509af.validity_element', 'validity', 'none'),
  field('x509af.notBefore', 'notBefore', 'uint'),
  field('x509af.notAfter', 'notAfter', 'uint'),
  field('x509af.utcTime', 'utcTime', 'string'),
  field('x509af.generalizedTime', 'generalizedTime', 'string'),
  field('x509af.subjectPublicKeyInfo_element', 'subjectPublicKeyInfo', 'none'),
  field('x509af.algorithm_element', 'algorithm', 'none'),
  field('pkcs1.ECParameters', 'ECParameters', 'uint'),
  field('pkcs1.namedCurve', 'namedCurve', 'string'),
  field('ber.bitstring.padding', 'Padding', 'uint'),
  field('x509af.subjectPublicKey', 'subjectPublicKey', 'bytes'),
  field('pkcs1.modulus', 'modulus', 'bytes'),
  field('pkcs1.publicExponent', 'publicExponent', 'int'),
  field('x509af.extensions', 'extensions', 'uint'),
  field('x509af.Extension_element', 'Extension', 'none'),
  field('x509af.extension.id', 'Extension Id', 'string'),
  field('x509af.critical', 'critical', 'bool'),
  field('x509ce.GeneralNames', 'GeneralNames', 'uint'),
  field('x509ce.GeneralName', 'GeneralName', 'uint'),
  field('x509ce.rfc822Name', 'rfc822Name', 'string'),
  field('x509ce.dNSName', 'dNSName', 'string'),
  field('x509ce.uniformResourceIdentifier', 'uniformResourceIdentifier', 'string'),
  field('x509ce.iPAddress', 'iPAddress', 'bytes'),
  field('x509ce.SubjectKeyIdentifier', 'SubjectKeyIdentifier', 'bytes'),
  field('x509ce.AuthorityKeyIdentifier_element', 'AuthorityKeyIdentifier', 'none'),
  field('x509ce.keyIdentifier', 'keyIdentifier', 'bytes'),
  field('x509ce.BasicConstraintsSyntax_element', 'BasicConstraintsSyntax', 'none'),
  field('x509ce.cA', 'cA', 'bool'),
  field('x509ce.pathLenConstraint', 'pathLenConstraint', 'int'),
  field('x509af.algorithmIdentifier_element', 'algorithmIdentifier', 'none'),
  field('x509af.encrypted', 'encrypted', 'bytes'),
]);

/** Object identifiers by the names Wireshark gives them. */
const OIDS: Record<string, string> = {
  '2.5.4.3': 'id-at-commonName',
  '2.5.4.4': 'id-at-surname',
  '2.5.4.5': 'id-at-serialNumber',
  '2.5.4.6': 'id-at-countryName',
  '2.5.4.7': 'id-at-localityName',
  '2.5.4.8': 'id-at-stateOrProvinceName',
  '2.5.4.9': 'id-at-streetAddress',
  '2.5.4.10': 'id-at-organizationName',
  '2.5.4.11': 'id-at-organizationalUnitName',
  '2.5.4.12': 'id-at-title',
  '2.5.4.17': 'id-at-postalCode',
  '2.5.4.42': 'id-at-givenName',
  '2.5.4.97': 'id-at-organizationIdentifier',
  '1.2.840.113549.1.9.1': 'pkcs-9-at-emailAddress',
  '0.9.2342.19200300.100.1.25': 'dc',
  '1.2.840.113549.1.1.1': 'rsaEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'id-RSASSA-PSS',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10040.4.1': 'id-dsa',
  '1.2.840.10045.2.1': 'id-ecPublicKey',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.110': 'X25519',
  '1.3.101.111': 'X448',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.2.840.10045.3.1.7': 'secp256r1',
  '1.3.132.0.34': 'secp384r1',
  '1.3.132.0.35': 'secp521r1',
  '2.5.29.14': 'id-ce-subjectKeyIdentifier',
  '2.5.29.15': 'id-ce-keyUsage',
  '2.5.29.17': 'id-ce-subjectAltName',
  '2.5.29.18': 'id-ce-issuerAltName',
  '2.5.29.19': 'id-ce-basicConstraints',
  '2.5.29.31': 'id-ce-cRLDistributionPoints',
  '2.5.29.32': 'id-ce-certificatePolicies',
  '2.5.29.35': 'id-ce-authorityKeyIdentifier',
  '2.5.29.37': 'id-ce-extKeyUsage',
  '1.3.6.1.5.5.7.1.1': 'id-pe-authorityInfoAccess',
  '1.3.6.1.4.1.11129.2.4.2': 'SignedCertificateTimestampList',
};

const DIRECTORY_STRINGS: Record<number, [string, number]> = {
  20: ['teletexString', 0],
  19: ['printableString', 1],
  28: ['universalString', 2],
  30: ['bmpString', 3],
  12: ['uTF8String', 4],
};
const GENERAL_NAMES: Record<number, string> = {
  1: 'rfc822Name',
  2: 'dNSName',
  6: 'uniformResourceIdentifier',
  7: 'iPAddress',
};

const oidName = (oid: string) => OIDS[oid];
const withName = (oid: string) => (oidName(oid) ? `${oid} (${oidName(oid)})` : oid);
const items = (n: number) => `${n} item${n === 1 ? '' : 's'}`;

/** A parsed certificate and the one-line summary of its subject, as Wireshark appends it to the Certificate line. */
export interface ParsedCertificate {
  der: Der;
  subject: string;
}

/** Parses a DER certificate found at `base` of the tree's current bytes; throws Malformed on bad encoding. */
export function parseCertificate(bytes: Uint8Array, base: number): ParsedCertificate {
  const der = parseDer(bytes, base);
  const tbs = child(der, 0);
  const offset = tbs.children[0]?.tagClass === CONTEXT && tbs.children[0].tag === 0 ? 1 : 0;
  return { der, subject: nameSummary(child(tbs, offset + 4)) };
}

/** The signed certificate, its signature algorithm and signature, under the open Certificate item. */
export function certificateTree(tree: TreeBuilder, { der }: ParsedCertificate): void {
  const tbs = child(der, 0);
  tree.open('x509af.signedCertificate_element', tbs.start, tbs.length, 'signedCertificate');
  let i = 0;
  const first = child(tbs, 0);
  if (first.tagClass === CONTEXT && first.tag === 0) {
    const version = integerValue(child(first, 0).content);
    tree.add('x509af.version', first.start, first.length, version);
    i = 1;
  }
  const serial = child(tbs, i);
  tree.add(
    'x509af.serialNumber',
    serial.start,
    serial.length,
    serial.content,
    `serialNumber: 0x${treeBytes(serial.content)}`,
  );
  algorithm(tree, child(tbs, i + 1), 'x509af.signature_element', 'signature');
  name(tree, child(tbs, i + 2), 'x509af.issuer', 'issuer');
  validity(tree, child(tbs, i + 3));
  name(tree, child(tbs, i + 4), 'x509af.subject', 'subject');
  publicKeyInfo(tree, child(tbs, i + 5));
  for (const rest of tbs.children.slice(i + 6)) {
    if (rest.tagClass === CONTEXT && rest.tag === 3) extensions(tree, child(rest, 0));
  }
  tree.close();
  algorithm(tree, child(der, 1), 'x509af.algorithmIdentifier_element', 'algorithmIdentifier');
  const signature = child(der, 2);
  tree.add('ber.bitstring.padding', signature.contentStart, 1, signature.content[0] ?? 0);
  tree.add('x509af.encrypted', signature.contentStart + 1, signature.content.length - 1, signature.content.subarray(1));
}

function algorithm(tree: TreeBuilder, node: Der, field: string, label: string): string {
  const id = oidText(child(node, 0).content);
  tree.open(field, node.start, node.length, `${label} (${oidName(id) ?? id})`);
  tree.add('x509af.algorithm.id', child(node, 0).start, child(node, 0).length, id, `Algorithm Id: ${withName(id)}`);
  const parameters = node.children[1];
  if (id === '1.2.840.10045.2.1' && parameters?.tag === 6) {
    // Wireshark's PKCS#1 dissector reads an EC key's parameters.
    tree.layer('pkcs-1');
    tree.open('pkcs1.ECParameters', parameters.start, parameters.length, 'ECParameters: namedCurve (1)');
    const curve = oidText(parameters.content);
    tree.add('pkcs1.namedCurve', parameters.start, parameters.length, curve, `namedCurve: ${withName(curve)}`);
    tree.close();
  }
  tree.close();
  return id;
}

/** "id-at-commonName=x,id-at-organizationName=y": the RDNs last first, as Wireshark summarises a Name. */
export function nameSummary(name: Der): string {
  return name.children.map(rdnText).reverse().join(',');
}

function rdnText(rdn: Der): string {
  return rdn.children
    .map((atv) => {
      const oid = oidText(child(atv, 0).content);
      return `${oidName(oid) ?? oid}=${stringValue(child(atv, 1))}`;
    })
    .join('+');
}

function stringValue(node: Der): string {
  if (node.tag === 30) return new TextDecoder('utf-16be').decode(node.content);
  return utf8(node.content);
}

function name(tree: TreeBuilder, node: Der, field: string, label: string): void {
  tree.open(field, node.start, node.length, `${label}: rdnSequence (0)`);
  tree.open(
    'x509if.rdnSequence',
    node.start,
    node.length,
    `rdnSequence: ${items(node.children.length)} (${nameSummary(node)})`,
  );
  rdnItems(tree, node);
  tree.close();
  tree.close();
}

/** The RDNSequence items of a Name (also used for the distinguished names of a CertificateRequest). */
export function rdnItems(tree: TreeBuilder, node: Der): void {
  for (const rdn of node.children) {
    tree.open(
      'x509if.RDNSequence_item',
      rdn.start,
      rdn.length,
      `RDNSequence item: ${items(rdn.children.length)} (${rdnText(rdn)})`,
    );
    for (const atv of rdn.children) {
      const oidNode = child(atv, 0);
      const valueNode = child(atv, 1);
      const oid = oidText(oidNode.content);
      const text = stringValue(valueNode);
      // An attribute of X.500's selected types (id-at, 2.5.4) is read by Wireshark's x509sat dissector.
      if (oid.startsWith('2.5.4.')) tree.layer('x509sat');
      tree.open(
        'x509if.RelativeDistinguishedName_item_element',
        atv.start,
        atv.length,
        `RelativeDistinguishedName item (${oidName(oid) ?? oid}=${text})`,
      );
      tree.add('x509if.oid', oidNode.start, oidNode.length, oid, `Object Id: ${withName(oid)}`);
      if (oid === '2.5.4.6') {
        tree.add('x509sat.CountryName', valueNode.start, valueNode.length, text);
      } else if (valueNode.tag === 22) {
        tree.add('x509sat.IA5String', valueNode.start, valueNode.length, text);
      } else {
        const [choice, index] = DIRECTORY_STRINGS[valueNode.tag] ?? ['uTF8String', 4];
        tree.open(
          'x509sat.DirectoryString',
          valueNode.start,
          valueNode.length,
          `DirectoryString: ${choice} (${index})`,
        );
        tree.add(`x509sat.${choice}`, valueNode.start, valueNode.length, text);
        tree.close();
      }
      tree.close();
    }
    tree.close();
  }
}

function validity(tree: TreeBuilder, node: Der): void {
  tree.open('x509af.validity_element', node.start, node.length, 'validity');
  for (const [index, field] of [
    [0, 'x509af.notBefore'],
    [1, 'x509af.notAfter'],
  ] as const) {
    const time = child(node, index);
    const utc = time.tag === 23;
    const label = field === 'x509af.notBefore' ? 'notBefore' : 'notAfter';
    tree.open(field, time.start, time.length, `${label}: ${utc ? 'utcTime (0)' : 'generalTime (1)'}`);
    tree.add(
      utc ? 'x509af.utcTime' : 'x509af.generalizedTime',
      time.start,
      time.length,
      timeText(utf8(time.content), utc),
    );
    tree.close();
  }
  tree.close();
}

/** "2026-11-23 17:49:29 (UTC)" from UTCTime "261123174929Z" (years 50-99 are 19xx) or GeneralizedTime. */
function timeText(raw: string, utc: boolean): string {
  const m = utc
    ? /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(raw)
    : /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?(?:\.\d+)?Z$/.exec(raw);
  if (!m) return raw;
  const year = utc ? (Number(m[1]) < 50 ? '20' : '19') + m[1] : m[1];
  return `${year}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6] ?? '00'} (UTC)`;
}

function publicKeyInfo(tree: TreeBuilder, node: Der): void {
  tree.open('x509af.subjectPublicKeyInfo_element', node.start, node.length, 'subjectPublicKeyInfo');
  const id = algorithm(tree, child(node, 0), 'x509af.algorithm_element', 'algorithm');
  const key = child(node, 1);
  const bits = key.content.subarray(1);
  if (id === '1.2.840.113549.1.1.1') {
    // The RSA key's BIT STRING holds RSAPublicKey (RFC 8017 A.1.1), shown opened.
    tree.open('x509af.subjectPublicKey', key.contentStart + 1, bits.length, `subjectPublicKey: ${treeBytes(bits)}`);
    const rsa = parseDer(bits, key.contentStart + 1);
    const modulus = child(rsa, 0);
    const exponent = child(rsa, 1);
    tree.add(
      'pkcs1.modulus',
      modulus.start,
      modulus.length,
      modulus.content,
      `modulus: 0x${treeBytes(modulus.content)}`,
    );
    tree.add('pkcs1.publicExponent', exponent.start, exponent.length, integerValue(exponent.content));
    tree.close();
  } else {
    tree.add('ber.bitstring.padding', key.contentStart, 1, key.content[0] ?? 0);
    tree.add('x509af.subjectPublicKey', key.contentStart + 1, bits.length, bits);
  }
  tree.close();
}

function extensions(tree: TreeBuilder, list: Der): void {
  tree.open('x509af.extensions', list.start, list.length, `extensions: ${items(list.children.length)}`);
  for (const ext of list.children) {
    const idNode = child(ext, 0);
    const id = oidText(idNode.content);
    // A certificate extension (id-ce, 2.5.29) is read by Wireshark's x509ce dissector.
    if (id.startsWith('2.5.29.')) tree.layer('x509ce');
    tree.open('x509af.Extension_element', ext.start, ext.length, `Extension (${oidName(id) ?? id})`);
    tree.add('x509af.extension.id', idNode.start, idNode.length, id, `Extension Id: ${withName(id)}`);
    let valueNode = child(ext, 1);
    if (valueNode.tagClass === UNIVERSAL && valueNode.tag === 1) {
      const critical = valueNode.content[0] !== 0;
      tree.add(
        'x509af.critical',
        valueNode.start,
        valueNode.length,
        critical ? 1 : 0,
        `critical: ${critical ? 'True' : 'False'}`,
      );
      valueNode = child(ext, 2);
    }
    extensionValue(tree, id, parseDer(valueNode.content, valueNode.contentStart));
    tree.close();
  }
  tree.close();
}

function extensionValue(tree: TreeBuilder, id: string, value: Der): void {
  switch (id) {
    case '2.5.29.17':
    case '2.5.29.18':
      tree.open('x509ce.GeneralNames', value.start, value.length, `GeneralNames: ${items(value.children.length)}`);
      for (const gn of value.children) {
        const kind = GENERAL_NAMES[gn.tag];
        tree.open('x509ce.GeneralName', gn.start, gn.length, `GeneralName: ${kind ?? 'otherName'} (${gn.tag})`);
        if (kind === 'iPAddress')
          tree.add(
            'x509ce.iPAddress',
            gn.contentStart,
            gn.content.length,
            gn.content,
            `iPAddress: ${ipText(gn.content)}`,
          );
        else if (kind) tree.add(`x509ce.${kind}`, gn.contentStart, gn.content.length, utf8(gn.content));
        tree.close();
      }
      tree.close();
      break;
    case '2.5.29.14':
      tree.add('x509ce.SubjectKeyIdentifier', value.contentStart, value.content.length, value.content);
      break;
    case '2.5.29.35':
      tree.open('x509ce.AuthorityKeyIdentifier_element', value.start, value.length, 'AuthorityKeyIdentifier');
      for (const part of value.children) {
        if (part.tagClass === CONTEXT && part.tag === 0)
          tree.add('x509ce.keyIdentifier', part.contentStart, part.content.length, part.content);
      }
      tree.close();
      break;
    case '2.5.29.19':
      tree.open('x509ce.BasicConstraintsSyntax_element', value.start, value.length, 'BasicConstraintsSyntax');
      for (const part of value.children) {
        if (part.tag === 1)
          tree.add(
            'x509ce.cA',
            part.start,
            part.length,
            part.content[0] ? 1 : 0,
            `cA: ${part.content[0] ? 'True' : 'False'}`,
          );
        if (part.tag === 2) tree.add('x509ce.pathLenConstraint', part.start, part.length, integerValue(part.content));
      }
      tree.close();
      break;
  }
}

function ipText(b: Uint8Array): string {
  if (b.length === 4) return b.join('.');
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
