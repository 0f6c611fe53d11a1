import { createPrivateKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { newSecretVersionId } from '../../state/ids.js';
import type { CertificatePolicyWire, CertificateRecord, CertificateVersion } from '../../state/model.js';
import { parseUpdateParameters, readJsonObject } from '../request-body.js';
import type { VaultRequest, VaultResponse } from '../vault-request.js';
import { vaultErrors } from '../vault-errors.js';
import { certificateBundle } from './certificate-bundles.js';
import { assertWritable } from './certificate-create.operations.js';
import { certificateErrors } from './certificate-errors.js';
import { applyPolicy, defaultPolicy } from './certificate-policy.js';
import { certificatesOf, syncManagedSecret } from './certificate-records.js';
import { pkcs12Contents } from './pkcs12-der.js';
import { certificateMatchesKey, describeCertificate } from './x509.js';

interface Material {
  keyPem: string;
  /** DER base64, leaf first. */
  certs: string[];
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** A PEM import: `value` is the PEM text (key and certificates) as the SDK sends it for application/x-pem-file. */
function readPem(text: string, password: string | undefined): Material {
  let keyPem: string | undefined;
  const certs: string[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    const [block, label] = [match[0], match[1]!];
    if (label === 'CERTIFICATE') {
      const der = match[2]!.replace(/\s+/g, '');
      try {
        new X509Certificate(Buffer.from(der, 'base64'));
      } catch {
        throw certificateErrors.badPem();
      }
      certs.push(der);
    } else if (label === 'RSA PRIVATE KEY' || label === 'EC PRIVATE KEY') {
      // "Key Vault will only accept a key in PKCS#8 format" (REST reference, Import Certificate): a
      // PKCS#1 / SEC1 key is refused (the text is the FAQ's PEM-format message; Key Vault's own is unverified).
      throw certificateErrors.badPem();
    } else if ((label === 'PRIVATE KEY' || label === 'ENCRYPTED PRIVATE KEY') && !keyPem) {
      try {
        keyPem = createPrivateKey({ key: block, format: 'pem', ...(password ? { passphrase: password } : {}) }).export({ type: 'pkcs8', format: 'pem' }).toString();
      } catch {
        throw label.startsWith('ENCRYPTED') ? certificateErrors.wrongPassword() : certificateErrors.badPem();
      }
    }
  }
  if (certs.length === 0) throw certificateErrors.badPem();
  if (!keyPem) throw certificateErrors.noPrivateKey();
  return { keyPem, certs };
}

/** Without a password, tools write either the empty password or none at all (no MAC key); both open. */
function openPkcs12(asn1: forge.asn1.Asn1, password: string | undefined): forge.pkcs12.Pkcs12Pfx {
  if (password) return forge.pkcs12.pkcs12FromAsn1(asn1, password);
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, '');
  } catch {
    return forge.pkcs12.pkcs12FromAsn1(asn1);
  }
}

/** A PFX import: base64 PKCS#12; the password opens it (none: the empty password, as Windows tools write it). */
function readPfx(value: string, password: string | undefined): Material {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(Buffer.from(value, 'base64').toString('binary'));
  } catch {
    throw certificateErrors.badPfx();
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = openPkcs12(asn1, password);
  } catch (error) {
    throw /MAC could not be verified|Invalid password/i.test((error as Error).message) ? certificateErrors.wrongPassword() : certificateErrors.badPfx();
  }
  // Any key type: forge reads RSA keys itself and hands an EC key back as its PKCS#8 ASN.1.
  const contents = pkcs12Contents(p12);
  if (!contents.keyDer) throw certificateErrors.noPrivateKeyInPfx();
  let keyPem: string;
  try {
    keyPem = createPrivateKey({ key: contents.keyDer, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch {
    throw certificateErrors.badPfx();
  }
  const certs = contents.certDers.map((der) => der.toString('base64'));
  if (certs.length === 0) throw certificateErrors.badPfx();
  return { keyPem, certs };
}

/** The policy Key Vault stores for an imported certificate: what the certificate says, issuer Unknown (spec example). */
function importedPolicy(requested: Record<string, unknown> | undefined, leaf: string, contentType: string): CertificatePolicyWire {
  const facts = describeCertificate(leaf);
  const base = defaultPolicy('Unknown');
  base.x509_props.ekus = [];
  base.x509_props.key_usage = [];
  const policy = requested ? applyPolicy(base, requested) : base;
  policy.issuer = { name: 'Unknown' };
  policy.secret_props.contentType = contentType;
  policy.x509_props.subject = facts.subject;
  policy.x509_props.sans = facts.sans;
  policy.x509_props.validity_months = Math.max(1, Math.round((facts.notAfter - facts.notBefore) / (30.44 * 86400)));
  policy.key_props.kty = facts.keyType;
  // An EC key is described by its curve (as a created EC policy is), an RSA key by its size.
  delete policy.key_props.crv;
  delete policy.key_props.key_size;
  if (facts.crv) policy.key_props.crv = facts.crv;
  else if (facts.keySize) policy.key_props.key_size = facts.keySize;
  if (policy.lifetime_actions.some((a) => a.action.action_type === 'AutoRenew')) policy.lifetime_actions = defaultPolicy('Unknown').lifetime_actions;
  return policy;
}

/**
 * `POST /certificates/{name}/import` `{value, pwd?, policy?, attributes?, tags?}`: a new version from
 * a PFX (base64) or PEM (`policy.secret_props.contentType` says which). Malformed content, a wrong
 * password, a key that does not match the certificate, or an expired certificate get 400s.
 */
export async function importCertificate(request: VaultRequest): Promise<VaultResponse> {
  const body = await readJsonObject(request.ctx);
  const params = parseUpdateParameters(body);
  if (typeof body.value !== 'string' || body.value.length === 0) throw vaultErrors.badParameter('Property value has invalid value');
  if (body.pwd !== undefined && body.pwd !== null && (typeof body.pwd !== 'string' || body.pwd.length > 200)) throw vaultErrors.badParameter('Property pwd has invalid value');
  const password = typeof body.pwd === 'string' ? body.pwd : undefined;
  const rawPolicy = body.policy && typeof body.policy === 'object' && !Array.isArray(body.policy) ? (body.policy as Record<string, unknown>) : undefined;
  const requestedType = (rawPolicy?.secret_props as { contentType?: unknown } | undefined)?.contentType;
  // The SDK sends PEM as its text and (4.10) drops the policy from the body, so PEM is recognised by its armour too.
  const looksPem = body.value.trimStart().startsWith('-----BEGIN');
  const contentType = requestedType === 'application/x-pem-file' || looksPem ? 'application/x-pem-file' : 'application/x-pkcs12';
  const existing = assertWritable(request);
  const material = contentType === 'application/x-pem-file' ? readPem(body.value, password) : readPfx(body.value, password);
  const leafIndex = material.certs.findIndex((c) => certificateMatchesKey(c, material.keyPem));
  if (leafIndex < 0) throw certificateErrors.mergeKeyMismatch();
  const leaf = material.certs[leafIndex]!;
  const facts = describeCertificate(leaf);
  if (facts.notAfter <= request.nowSeconds) throw certificateErrors.expiredImport();
  const policy = importedPolicy(rawPolicy, leaf, contentType);
  const now = request.nowSeconds;
  const version: CertificateVersion = {
    version: newSecretVersionId(),
    cer: leaf,
    chain: material.certs.filter((_, i) => i !== leafIndex),
    keyPem: material.keyPem,
    contentType,
    ...(params.tags ? { tags: params.tags } : {}),
    enabled: params.attributes.enabled ?? true,
    nbf: facts.notBefore,
    exp: facts.notAfter,
    created: now,
    updated: now,
  };
  const record: CertificateRecord = existing ?? { name: request.name, policy, policyEnabled: true, policyCreated: now, policyUpdated: now, versions: [] };
  record.policy = policy;
  record.policyUpdated = now;
  record.versions.push(version);
  certificatesOf(request.vault)[request.name.toLowerCase()] = record;
  syncManagedSecret(request.vault, record, version);
  request.context.store.changed();
  return { status: 200, body: certificateBundle(request.context, request.origin, request.vault, record, version) };
}
