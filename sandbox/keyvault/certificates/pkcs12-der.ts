import { createHash, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/**
 * PKCS#12 (RFC 7292) from and to a PKCS#8 key and DER certificates, for any key type. node-forge's
 * own `toPkcs12Asn1` takes only its RSA key objects and its reader hands EC keys and certificates
 * back as raw ASN.1; this module keeps every key as PKCS#8 DER (the layout forge writes: certificates
 * in a plain SafeContents, the key in its own, localKeyId on both, HMAC-SHA1 MAC).
 */

const { asn1 } = forge;
const { oids } = forge.pki;
const U = asn1.Class.UNIVERSAL;

function seq(...items: forge.asn1.Asn1[]): forge.asn1.Asn1 {
  return asn1.create(U, asn1.Type.SEQUENCE, true, items);
}
function oid(value: string): forge.asn1.Asn1 {
  return asn1.create(U, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
}
function octets(bytes: string): forge.asn1.Asn1 {
  return asn1.create(U, asn1.Type.OCTETSTRING, false, bytes);
}
function explicit0(item: forge.asn1.Asn1): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [item]);
}
function der(item: forge.asn1.Asn1): string {
  return asn1.toDer(item).getBytes();
}
function dataContentInfo(safeContents: forge.asn1.Asn1): forge.asn1.Asn1 {
  return seq(oid(oids.data!), explicit0(octets(der(safeContents))));
}
function attribute(type: string, value: forge.asn1.Asn1): forge.asn1.Asn1 {
  return seq(oid(type), asn1.create(U, asn1.Type.SET, true, [value]));
}

/** Options of a protected PFX: key encryption (forge's names: aes128/aes256/3des) and PBKDF2/MAC iterations. */
export interface Pkcs12Options {
  algorithm?: 'aes128' | 'aes192' | 'aes256' | '3des';
  count?: number;
  friendlyName?: string;
}

/**
 * A PFX (DER) of a PKCS#8 key (DER) and certificates (DER, leaf first). `password` null: the key in
 * a plain keyBag (Key Vault's addressable secret is an unprotected PKCS#12); else shrouded with it.
 */
export function buildPkcs12(keyDer: Uint8Array, certDers: Uint8Array[], password: string | null, options: Pkcs12Options = {}): Buffer {
  const count = options.count ?? 2048;
  const localKeyId = certDers[0] ? createHash('sha1').update(certDers[0]).digest('binary') : randomBytes(20).toString('binary');
  const attrs = [attribute(oids.localKeyId!, octets(localKeyId))];
  if (options.friendlyName) attrs.push(attribute(oids.friendlyName!, asn1.create(U, asn1.Type.BMPSTRING, false, options.friendlyName)));
  const bagAttrs = asn1.create(U, asn1.Type.SET, true, attrs);
  const certBags = certDers.map((cert, i) => {
    const bag = seq(oid(oids.certBag!), explicit0(seq(oid(oids.x509Certificate!), explicit0(octets(Buffer.from(cert).toString('binary'))))));
    if (i === 0) (bag.value as forge.asn1.Asn1[]).push(bagAttrs);
    return bag;
  });
  const keyInfo = asn1.fromDer(Buffer.from(keyDer).toString('binary'));
  const keyBag =
    password === null
      ? seq(oid(oids.keyBag!), explicit0(keyInfo), bagAttrs)
      : seq(oid(oids.pkcs8ShroudedKeyBag!), explicit0(forge.pki.encryptPrivateKeyInfo(keyInfo, password, { algorithm: options.algorithm ?? 'aes256', count })), bagAttrs);
  const safe = seq(...(certBags.length > 0 ? [dataContentInfo(seq(...certBags))] : []), dataContentInfo(seq(keyBag)));
  const macSalt = randomBytes(8).toString('binary');
  const macKey = forge.pkcs12.generateKey(password as string, forge.util.createBuffer(macSalt), 3, count, 20);
  const hmac = forge.hmac.create();
  hmac.start('sha1', macKey.getBytes());
  hmac.update(der(safe));
  const macData = seq(
    seq(seq(oid(oids.sha1!), asn1.create(U, asn1.Type.NULL, false, '')), octets(hmac.digest().getBytes())),
    octets(macSalt),
    asn1.create(U, asn1.Type.INTEGER, false, asn1.integerToDer(count).getBytes()),
  );
  const pfx = seq(asn1.create(U, asn1.Type.INTEGER, false, asn1.integerToDer(3).getBytes()), seq(oid(oids.data!), explicit0(octets(der(safe)))), macData);
  return Buffer.from(der(pfx), 'binary');
}

/** Key (PKCS#8 DER; undefined when the PFX holds none) and certificates (DER, file order) of an opened PFX. */
export interface Pkcs12Contents {
  keyDer?: Buffer;
  certDers: Buffer[];
}

type Bag = forge.pkcs12.Bag & { asn1?: forge.asn1.Asn1 };

/** The key and certificates of an opened PFX, whatever the key type (RSA keys come back as forge keys, EC keys as raw PKCS#8). */
export function pkcs12Contents(p12: forge.pkcs12.Pkcs12Pfx): Pkcs12Contents {
  const bagsOf = (type: string): Bag[] => (p12.getBags({ bagType: type })[type] ?? []) as Bag[];
  const keyBag = [...bagsOf(oids.pkcs8ShroudedKeyBag!), ...bagsOf(oids.keyBag!)].find((bag) => bag.key || bag.asn1);
  let keyDer: Buffer | undefined;
  if (keyBag?.key) keyDer = Buffer.from(der(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key))), 'binary');
  else if (keyBag?.asn1) keyDer = Buffer.from(der(keyBag.asn1), 'binary');
  const certDers = bagsOf(oids.certBag!)
    .map((bag) => (bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1))
    .filter((node): node is forge.asn1.Asn1 => node !== undefined)
    .map((node) => Buffer.from(der(node), 'binary'));
  return { ...(keyDer ? { keyDer } : {}), certDers };
}
