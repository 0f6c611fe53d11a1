import { AppError } from '../errors.js';

/**
 * PKCS#12 work for "Save PFX", with node-forge loaded only when a PFX is actually saved (dynamic
 * import: the app does not load it at start). Key Vault's addressable secret of a certificate is
 * either an UNPROTECTED PKCS#12 (base64) or PEM (PKCS#8 key + certificate chain); neither is ever
 * written as it is. The key is re-wrapped with the user's password (AES-256, PBES2) before any byte
 * leaves this module.
 */

type Forge = typeof import('node-forge');
type RsaKey = import('node-forge').pki.rsa.PrivateKey;
type Cert = import('node-forge').pki.Certificate;

async function loadForge(): Promise<Forge> {
  const module = (await import('node-forge')) as Forge & { default?: Forge };
  return module.default ?? module;
}

/** PBKDF2 iterations of the re-encrypted PFX (OpenSSL 3's default is 2048; more costs a guesser more). */
const PBKDF2_ITERATIONS = 20_000;

interface KeyAndChain {
  key: RsaKey;
  certs: Cert[];
}

function unreadable(name: string, cause?: unknown): AppError {
  return new AppError('item-unsupported', `The private key of certificate "${name}" could not be read from Key Vault's copy (not a PKCS#12 or PEM JIT Vault can open, or an EC key). Nothing was saved.`, { cause });
}

/** Opens Key Vault's secret value of a certificate: its key and certificates (leaf first). */
async function open(forge: Forge, value: string, contentType: string | undefined, name: string): Promise<KeyAndChain> {
  try {
    if (contentType === 'application/x-pem-file' || value.trimStart().startsWith('-----BEGIN')) {
      const keyPem = value.match(/-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA )?PRIVATE KEY-----/)?.[0];
      const certs = (value.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((pem) => forge.pki.certificateFromPem(pem));
      if (!keyPem || certs.length === 0) throw unreadable(name);
      return { key: forge.pki.privateKeyFromPem(keyPem) as RsaKey, certs };
    }
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.decode64(value.replace(/\s+/g, ''))));
    const oids = forge.pki.oids;
    const keyBag = [...(p12.getBags({ bagType: oids.pkcs8ShroudedKeyBag! })[oids.pkcs8ShroudedKeyBag!] ?? []), ...(p12.getBags({ bagType: oids.keyBag! })[oids.keyBag!] ?? [])][0];
    const certs = (p12.getBags({ bagType: oids.certBag! })[oids.certBag!] ?? []).map((bag) => bag.cert).filter((c): c is Cert => !!c);
    const key = keyBag?.key as RsaKey | undefined;
    if (!key?.n || certs.length === 0) throw unreadable(name);
    return { key, certs: leafFirst(key, certs) };
  } catch (error) {
    throw error instanceof AppError ? error : unreadable(name, error);
  }
}

/** The certificate whose public key matches the private key goes first; the rest keep their order. */
function leafFirst(key: RsaKey, certs: Cert[]): Cert[] {
  const index = certs.findIndex((c) => (c.publicKey as import('node-forge').pki.rsa.PublicKey).n?.equals(key.n));
  return index <= 0 ? certs : [certs[index]!, ...certs.filter((_, i) => i !== index)];
}

/**
 * Key Vault's secret value (PFX base64 or PEM) → a PKCS#12 protected with `password`: key shrouded
 * with AES-256 (PBES2/PBKDF2), MAC'd, certificates leaf first with the chain. Returns DER bytes.
 */
export async function protectedPfx(value: string, contentType: string | undefined, password: string, name: string): Promise<Uint8Array> {
  if (password.length === 0) throw new AppError('item-unsupported', 'A PFX is never saved without a password. Choose a password.');
  const forge = await loadForge();
  const { key, certs } = await open(forge, value, contentType, name);
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, password, { algorithm: 'aes256', count: PBKDF2_ITERATIONS, friendlyName: name, generateLocalKeyId: true });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** The certificates (DER, leaf first) in Key Vault's secret value of a certificate; the key is never returned. */
export async function chainOf(value: string, contentType: string | undefined, name: string): Promise<Uint8Array[]> {
  const forge = await loadForge();
  const { certs } = await open(forge, value, contentType, name);
  return certs.map((cert) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary'));
}
