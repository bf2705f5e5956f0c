/**
 * RSA private keys for TLS's RSA key exchange: PEM (PKCS#1 "RSA PRIVATE KEY", PKCS#8 "PRIVATE KEY", and
 * password-protected PKCS#8 "ENCRYPTED PRIVATE KEY") and PKCS#12 (.pfx/.p12, as IIS exports a certificate).
 *
 * node-forge does the work: it is synchronous (dissection is), runs in Node and browsers alike, reads PKCS#12
 * with its PBES2/AES and legacy RC2/3DES encryptions, and decrypts RSAES-PKCS1-v1_5, which the ClientKeyExchange
 * uses and which WebCrypto (RSA-OAEP only, and asynchronous) and @noble/* do not offer.
 */
import forge from 'node-forge';

export class KeyFileError extends Error {}

export interface RsaPrivateKey {
  /** Where the key came from (a file name), for messages. */
  source: string;
  /** The modulus size in bits. */
  bits: number;
  /** The key itself as unencrypted PKCS#1 PEM: what is kept of a password-protected file, never the password. */
  pem: string;
  /** The premaster secret in an RSA-encrypted ClientKeyExchange, or undefined when this key did not encrypt it. */
  decryptPremaster(encrypted: Uint8Array): Uint8Array | undefined;
}

/** Reads every RSA private key in a PEM text; `password` for an encrypted PKCS#8 block. */
export function rsaKeysFromPem(text: string, source: string, password?: string): RsaPrivateKey[] {
  const keys: RsaPrivateKey[] = [];
  let blocks: forge.pem.ObjectPEM[];
  try {
    blocks = forge.pem.decode(text);
  } catch (e) {
    throw new KeyFileError(`${source}: not a PEM file (${(e as Error).message})`);
  }
  for (const block of blocks) {
    const der = forge.util.createBuffer(block.body);
    try {
      if (block.type === 'RSA PRIVATE KEY') {
        keys.push(wrap(forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(der)) as forge.pki.rsa.PrivateKey, source));
      } else if (block.type === 'PRIVATE KEY') {
        keys.push(wrap(forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(der)) as forge.pki.rsa.PrivateKey, source));
      } else if (block.type === 'ENCRYPTED PRIVATE KEY') {
        if (password === undefined)
          throw new KeyFileError(`${source}: the private key is encrypted: give its password (file:password)`);
        const info = forge.pki.decryptPrivateKeyInfo(forge.asn1.fromDer(der), password);
        if (!info) throw new KeyFileError(`${source}: wrong password for the encrypted private key`);
        keys.push(wrap(forge.pki.privateKeyFromAsn1(info) as forge.pki.rsa.PrivateKey, source));
      }
    } catch (e) {
      if (e instanceof KeyFileError) throw e;
      throw new KeyFileError(
        `${source}: cannot read the ${block.type} block: ${(e as Error).message} (not an RSA key?)`,
      );
    }
  }
  if (keys.length === 0)
    throw new KeyFileError(
      `${source}: no RSA private key in the file (expected a BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY block)`,
    );
  return keys;
}

/** Reads the RSA private keys of a PKCS#12 file (.pfx, .p12) protected by `password`. */
export function rsaKeysFromPkcs12(bytes: Uint8Array, source: string, password: string): RsaPrivateKey[] {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(binaryString(bytes)));
  } catch {
    throw new KeyFileError(`${source}: not a PKCS#12 file (no DER structure)`);
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, password);
  } catch (e) {
    const message = (e as Error).message;
    if (/MAC could not be verified|Invalid password/i.test(message))
      throw new KeyFileError(`${source}: wrong PKCS#12 password`);
    throw new KeyFileError(`${source}: cannot read the PKCS#12 file: ${message}`);
  }
  const keys: RsaPrivateKey[] = [];
  for (const type of [forge.pki.oids.pkcs8ShroudedKeyBag, forge.pki.oids.keyBag]) {
    for (const bag of p12.getBags({ bagType: type })[type] ?? []) {
      if (bag.key && 'decrypt' in bag.key) keys.push(wrap(bag.key as forge.pki.rsa.PrivateKey, source));
    }
  }
  if (keys.length === 0) throw new KeyFileError(`${source}: the PKCS#12 file holds no RSA private key`);
  return keys;
}

/**
 * Reads a key file given as `path[:password]` from its bytes: PKCS#12 when it is DER (starts with a SEQUENCE),
 * PEM otherwise.
 */
export function rsaKeysFromFile(bytes: Uint8Array, source: string, password?: string): RsaPrivateKey[] {
  if (bytes[0] === 0x30) return rsaKeysFromPkcs12(bytes, source, password ?? '');
  return rsaKeysFromPem(new TextDecoder().decode(bytes), source, password);
}

function wrap(key: forge.pki.rsa.PrivateKey, source: string): RsaPrivateKey {
  return {
    source,
    bits: key.n.bitLength(),
    pem: forge.pki.privateKeyToPem(key),
    decryptPremaster(encrypted) {
      try {
        const plain = key.decrypt(binaryString(encrypted), 'RSAES-PKCS1-V1_5');
        // A premaster secret is 48 bytes (RFC 5246 §7.4.7.1); anything else means another key encrypted it.
        return plain.length === 48 ? Uint8Array.from(plain, (c) => c.charCodeAt(0)) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

function binaryString(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}
