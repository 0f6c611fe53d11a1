import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { AppError } from '../errors.js';
import { buildProtectedPkcs12, pkcs12Contents } from './pkcs12-der.js';

/**
 * PKCS#12 work for "Save PFX", with node-forge loaded only when a PFX is actually saved (dynamic
 * import: the app does not load it at start). Key Vault's addressable secret of a certificate is
 * either an UNPROTECTED PKCS#12 (base64) or PEM (PKCS#8 key + certificate chain); neither is ever
 * written as it is. The key (RSA or EC) is re-wrapped with the user's password (AES-256, PBES2)
 * before any byte leaves this module.
 */

type Forge = typeof import('node-forge');

async function loadForge(): Promise<Forge> {
  const module = (await import('node-forge')) as Forge & { default?: Forge };
  return module.default ?? module;
}

/** PBKDF2 iterations of the re-encrypted PFX (OpenSSL 3's default is 2048; more costs a guesser more). */
const PBKDF2_ITERATIONS = 20_000;

interface KeyAndChain {
  /** PKCS#8 DER. */
  keyDer: Buffer;
  /** DER, leaf first. */
  certs: Buffer[];
}

function unreadable(name: string, cause?: unknown): AppError {
  return new AppError('item-unsupported', `The private key of certificate "${name}" could not be read from Key Vault's copy (not a PKCS#12 or PEM JIT Vault can open). Nothing was saved.`, { cause });
}

const PEM_KEY = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/;
const PEM_CERT = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/g;

/** Opens Key Vault's secret value of a certificate: its key and certificates (leaf first). */
async function open(forge: Forge, value: string, contentType: string | undefined, name: string): Promise<KeyAndChain> {
  try {
    let keyDer: Buffer | undefined;
    let certs: Buffer[];
    if (contentType === 'application/x-pem-file' || value.trimStart().startsWith('-----BEGIN')) {
      const keyPem = value.match(PEM_KEY)?.[0];
      keyDer = keyPem ? createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'der' }) : undefined;
      certs = [...value.matchAll(PEM_CERT)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
    } else {
      const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.decode64(value.replace(/\s+/g, ''))));
      ({ keyDer, certDers: certs } = pkcs12Contents(forge, p12));
    }
    if (!keyDer || certs.length === 0) throw unreadable(name);
    return { keyDer, certs: leafFirst(keyDer, certs) };
  } catch (error) {
    throw error instanceof AppError ? error : unreadable(name, error);
  }
}

/** The certificate whose public key matches the private key goes first; the rest keep their order. */
function leafFirst(keyDer: Buffer, certs: Buffer[]): Buffer[] {
  const spki = createPublicKey(createPrivateKey({ key: keyDer, format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' });
  const index = certs.findIndex((c) => new X509Certificate(c).publicKey.export({ type: 'spki', format: 'der' }).equals(spki));
  return index <= 0 ? certs : [certs[index]!, ...certs.filter((_, i) => i !== index)];
}

/**
 * Key Vault's secret value (PFX base64 or PEM) → a PKCS#12 protected with `password`: key shrouded
 * with AES-256 (PBES2/PBKDF2), MAC'd, certificates leaf first with the chain. Returns DER bytes.
 */
export async function protectedPfx(value: string, contentType: string | undefined, password: string, name: string): Promise<Uint8Array> {
  if (password.length === 0) throw new AppError('item-unsupported', 'A PFX is never saved without a password. Choose a password.');
  const forge = await loadForge();
  const { keyDer, certs } = await open(forge, value, contentType, name);
  return buildProtectedPkcs12(forge, keyDer, certs, password, { algorithm: 'aes256', count: PBKDF2_ITERATIONS, friendlyName: name });
}

/** The certificates (DER, leaf first) in Key Vault's secret value of a certificate; the key is never returned. */
export async function chainOf(value: string, contentType: string | undefined, name: string): Promise<Uint8Array[]> {
  const forge = await loadForge();
  const { certs } = await open(forge, value, contentType, name);
  return certs;
}
