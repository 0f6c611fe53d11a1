import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueCertificate } from '../keyvault/certificates/x509.js';
import { generateRsaKey } from '../keyvault/certificates/x509-keys.js';

/** The sandbox's issuing CA for Key Vault certificates (a named issuer completes through it). */
export interface IssuingCa {
  /** DER, base64. */
  cer: string;
  keyPem: string;
}

const FILES = { cert: 'issuing-ca.cer', key: 'issuing-ca-key.pem' } as const;
const loaded = new Map<string, IssuingCa>();

/**
 * Loads the issuing CA from `stateDir`, creating it on first use. It is deliberately NOT the TLS CA
 * clients trust for the sandbox's own origins: certificates issued to vault users (any subject they
 * ask for) must never become trusted for TLS on this machine.
 */
export function issuingCa(stateDir: string): IssuingCa {
  const cached = loaded.get(stateDir);
  if (cached) return cached;
  const certFile = join(stateDir, FILES.cert);
  const keyFile = join(stateDir, FILES.key);
  let ca: IssuingCa;
  if (existsSync(certFile) && existsSync(keyFile)) {
    ca = { cer: readFileSync(certFile, 'utf8').trim(), keyPem: readFileSync(keyFile, 'utf8') };
  } else {
    const keyPem = generateRsaKey(2048);
    const now = Math.floor(Date.now() / 1000);
    const cer = issueCertificate({
      subject: [
        { shortName: 'CN', value: `JIT Vault Sandbox Issuing CA ${randomBytes(3).toString('hex')}` },
        { shortName: 'O', value: 'JIT Vault local Azure sandbox' },
      ],
      ekus: [],
      keyUsage: ['keyCertSign', 'cRLSign'],
      notBefore: now - 3600,
      notAfter: now + 10 * 365 * 86400,
      keyPem,
      ca: true,
    });
    writeFileSync(keyFile, keyPem, { mode: 0o600 });
    writeFileSync(certFile, cer);
    ca = { cer, keyPem };
  }
  loaded.set(stateDir, ca);
  return ca;
}
