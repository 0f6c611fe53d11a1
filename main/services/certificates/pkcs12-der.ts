import { createHash, randomBytes } from 'node:crypto';

/**
 * PKCS#12 (RFC 7292) to and from a PKCS#8 key (DER) and DER certificates, for RSA and EC keys alike.
 * node-forge (passed in: main loads it only when a PFX is handled) supplies the ASN.1, PBES2 and the
 * MAC; its own `toPkcs12Asn1` takes RSA key objects only and its reader hands EC keys and
 * certificates back as raw ASN.1, which is what this module works with.
 */

type Forge = typeof import('node-forge');
type Asn1 = import('node-forge').asn1.Asn1;

/** A protected PFX's options: forge's cipher name for the shrouded key, PBKDF2/MAC iterations, a friendly name. */
export interface Pkcs12Options {
  algorithm: 'aes128' | 'aes192' | 'aes256' | '3des';
  count: number;
  friendlyName?: string;
}

/**
 * A password-protected PFX (DER): the key shrouded (PBES2 with `algorithm`), the certificates (leaf
 * first) in a plain SafeContents, localKeyId = SHA-1 of the leaf on both, HMAC-SHA1 MAC — the layout
 * forge's own writer uses, which Windows, macOS and OpenSSL open.
 */
export function buildProtectedPkcs12(forge: Forge, keyDer: Uint8Array, certDers: Uint8Array[], password: string, options: Pkcs12Options): Buffer {
  const { asn1 } = forge;
  const { oids } = forge.pki;
  const U = asn1.Class.UNIVERSAL;
  const seq = (...items: Asn1[]): Asn1 => asn1.create(U, asn1.Type.SEQUENCE, true, items);
  const oid = (value: string): Asn1 => asn1.create(U, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
  const octets = (bytes: string): Asn1 => asn1.create(U, asn1.Type.OCTETSTRING, false, bytes);
  const explicit0 = (item: Asn1): Asn1 => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [item]);
  const der = (item: Asn1): string => asn1.toDer(item).getBytes();
  const attribute = (type: string, value: Asn1): Asn1 => seq(oid(type), asn1.create(U, asn1.Type.SET, true, [value]));
  const data = (safeContents: Asn1): Asn1 => seq(oid(oids.data!), explicit0(octets(der(safeContents))));

  const localKeyId = certDers[0] ? createHash('sha1').update(certDers[0]).digest('binary') : randomBytes(20).toString('binary');
  const attrs = [attribute(oids.localKeyId!, octets(localKeyId))];
  if (options.friendlyName) attrs.push(attribute(oids.friendlyName!, asn1.create(U, asn1.Type.BMPSTRING, false, options.friendlyName)));
  const bagAttrs = asn1.create(U, asn1.Type.SET, true, attrs);
  const certBags = certDers.map((cert, i) => {
    const bag = seq(oid(oids.certBag!), explicit0(seq(oid(oids.x509Certificate!), explicit0(octets(Buffer.from(cert).toString('binary'))))));
    if (i === 0) (bag.value as Asn1[]).push(bagAttrs);
    return bag;
  });
  const keyInfo = asn1.fromDer(Buffer.from(keyDer).toString('binary'));
  const shrouded = forge.pki.encryptPrivateKeyInfo(keyInfo, password, { algorithm: options.algorithm, count: options.count });
  const safe = seq(...(certBags.length > 0 ? [data(seq(...certBags))] : []), data(seq(seq(oid(oids.pkcs8ShroudedKeyBag!), explicit0(shrouded), bagAttrs))));
  const macSalt = randomBytes(8).toString('binary');
  const macKey = forge.pkcs12.generateKey(password, forge.util.createBuffer(macSalt), 3, options.count, 20);
  const hmac = forge.hmac.create();
  hmac.start('sha1', macKey.getBytes());
  hmac.update(der(safe));
  const macData = seq(seq(seq(oid(oids.sha1!), asn1.create(U, asn1.Type.NULL, false, '')), octets(hmac.digest().getBytes())), octets(macSalt), asn1.create(U, asn1.Type.INTEGER, false, asn1.integerToDer(options.count).getBytes()));
  return Buffer.from(der(seq(asn1.create(U, asn1.Type.INTEGER, false, asn1.integerToDer(3).getBytes()), seq(oid(oids.data!), explicit0(octets(der(safe)))), macData)), 'binary');
}

type Bag = import('node-forge').pkcs12.Bag & { asn1?: Asn1 };

/** The key (PKCS#8 DER, if any) and certificates (DER, file order) of an opened PFX, whatever the key type. */
export function pkcs12Contents(forge: Forge, p12: import('node-forge').pkcs12.Pkcs12Pfx): { keyDer?: Buffer; certDers: Buffer[] } {
  const { oids } = forge.pki;
  const der = (item: Asn1): Buffer => Buffer.from(forge.asn1.toDer(item).getBytes(), 'binary');
  const bagsOf = (type: string): Bag[] => (p12.getBags({ bagType: type })[type] ?? []) as Bag[];
  const keyBag = [...bagsOf(oids.pkcs8ShroudedKeyBag!), ...bagsOf(oids.keyBag!)].find((bag) => bag.key || bag.asn1);
  const keyAsn1 = keyBag?.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key)) : keyBag?.asn1;
  const certDers = bagsOf(oids.certBag!)
    .map((bag) => (bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1))
    .filter((node): node is Asn1 => node !== undefined)
    .map(der);
  return { ...(keyAsn1 ? { keyDer: der(keyAsn1) } : {}), certDers };
}
