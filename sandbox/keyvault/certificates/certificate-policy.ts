import type { CertificatePolicyWire, CertificateRecord } from '../../state/model.js';
import { KeyVaultError, vaultErrors } from '../vault-errors.js';
import { parseDistinguishedName } from './x509.js';
import { CURVE_BITS, EC_CURVES } from './x509-keys.js';

/** Secret content types Key Vault stores certificates as. */
export const CONTENT_TYPES = ['application/x-pkcs12', 'application/x-pem-file'] as const;
const KEY_TYPES = ['RSA', 'RSA-HSM', 'EC', 'EC-HSM'];
const KEY_USAGES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

type Json = Record<string, unknown>;

function invalid(property: string): KeyVaultError {
  return vaultErrors.badParameter(`Property ${property} has invalid value`);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(parent: Json, key: string, path: string): Json | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalid(`${path}.${key}`);
  return value;
}

function stringList(value: unknown, path: string, allowed?: readonly string[]): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length <= 256 && (!allowed || allowed.includes(v)))) throw invalid(path);
  return value as string[];
}

/**
 * The policy Key Vault stores for a create: the request's fields over its defaults (recording
 * `…can_read_cancel_and_delete_a_certificates_operation`: exportable RSA 2048, PKCS#12, EKUs serverAuth
 * and clientAuth, digitalSignature + keyEncipherment, 12 months, `basic_constraints.ca` false, AutoRenew
 * at 80 % for an issuer that can renew, EmailContacts at 80 % otherwise).
 */
export function defaultPolicy(issuerName: string): CertificatePolicyWire {
  return {
    key_props: { exportable: true, kty: 'RSA', key_size: 2048, reuse_key: false },
    secret_props: { contentType: 'application/x-pkcs12' },
    x509_props: { subject: '', ekus: [SERVER_AUTH, CLIENT_AUTH], key_usage: ['digitalSignature', 'keyEncipherment'], validity_months: 12, basic_constraints: { ca: false } },
    lifetime_actions: [{ trigger: { lifetime_percentage: 80 }, action: { action_type: issuerName.toLowerCase() === 'unknown' ? 'EmailContacts' : 'AutoRenew' } }],
    issuer: { name: issuerName },
  };
}

/** Applies the fields present in a wire policy onto `base` (create: the defaults; update: the stored policy). */
export function applyPolicy(base: CertificatePolicyWire, raw: Json, path = 'policy'): CertificatePolicyWire {
  const policy: CertificatePolicyWire = structuredClone(base);
  const key = objectAt(raw, 'key_props', path);
  if (key) {
    if (key.kty !== undefined && key.kty !== null) {
      if (typeof key.kty !== 'string' || !KEY_TYPES.includes(key.kty)) throw invalid(`${path}.key_props.kty`);
      policy.key_props.kty = key.kty;
    }
    for (const flag of ['exportable', 'reuse_key'] as const) {
      if (key[flag] === undefined || key[flag] === null) continue;
      if (typeof key[flag] !== 'boolean') throw invalid(`${path}.key_props.${flag}`);
      policy.key_props[flag] = key[flag];
    }
    applyKeyShape(policy, key, `${path}.key_props`);
  }
  const secret = objectAt(raw, 'secret_props', path);
  if (secret?.contentType !== undefined && secret.contentType !== null) {
    if (!CONTENT_TYPES.includes(secret.contentType as (typeof CONTENT_TYPES)[number])) throw invalid(`${path}.secret_props.contentType`);
    policy.secret_props.contentType = secret.contentType as string;
  }
  const x509 = objectAt(raw, 'x509_props', path);
  if (x509) applyX509(policy, x509, `${path}.x509_props`);
  if (raw.lifetime_actions !== undefined && raw.lifetime_actions !== null) policy.lifetime_actions = parseLifetimeActions(raw.lifetime_actions, `${path}.lifetime_actions`);
  const issuer = objectAt(raw, 'issuer', path);
  if (issuer?.name !== undefined && issuer.name !== null) {
    if (typeof issuer.name !== 'string' || !/^[0-9a-zA-Z-]{1,127}$/.test(issuer.name)) throw invalid(`${path}.issuer.name`);
    policy.issuer = { name: issuer.name, ...(typeof issuer.cty === 'string' ? { cty: issuer.cty } : {}) };
  }
  return policy;
}

/**
 * Size or curve of the key: RSA keys by `key_size` (2048, 3072, 4096), EC keys by `crv` (one of
 * JsonWebKeyCurveName: P-256, P-384, P-521, P-256K). An EC policy without a curve gets P-256 (our
 * choice where the reference is silent); a `key_size` beside a curve must be the curve's size.
 */
function applyKeyShape(policy: CertificatePolicyWire, key: Json, path: string): void {
  const size = key.key_size ?? undefined;
  if (policy.key_props.kty.startsWith('EC')) {
    if (key.crv !== undefined && key.crv !== null) {
      if (typeof key.crv !== 'string' || !EC_CURVES[key.crv]) throw invalid(`${path}.crv`);
      policy.key_props.crv = key.crv;
    }
    policy.key_props.crv ??= 'P-256';
    if (size !== undefined && size !== CURVE_BITS[policy.key_props.crv]) throw invalid(`${path}.key_size`);
    delete policy.key_props.key_size;
    if (size !== undefined) policy.key_props.key_size = size as number;
    return;
  }
  if (size !== undefined) {
    if (![2048, 3072, 4096].includes(size as number)) throw invalid(`${path}.key_size`);
    policy.key_props.key_size = size as number;
  }
  policy.key_props.key_size ??= 2048;
  delete policy.key_props.crv;
}

function applyX509(policy: CertificatePolicyWire, x509: Json, path: string): void {
  if (x509.subject !== undefined && x509.subject !== null) {
    if (typeof x509.subject !== 'string' || x509.subject.length > 200 || !parseDistinguishedName(x509.subject)) throw invalid(`${path}.subject`);
    policy.x509_props.subject = x509.subject;
  }
  const sans = objectAt(x509, 'sans', path);
  if (sans) {
    const next: NonNullable<CertificatePolicyWire['x509_props']['sans']> = {};
    for (const field of ['dns_names', 'emails', 'uris', 'ipAddresses', 'upns'] as const) {
      const list = stringList(sans[field], `${path}.sans.${field}`);
      if (list && list.length > 0) next[field] = list;
    }
    policy.x509_props.sans = next;
  }
  const ekus = stringList(x509.ekus, `${path}.ekus`);
  if (ekus) {
    if (!ekus.every((oid) => /^\d+(\.\d+)+$/.test(oid))) throw invalid(`${path}.ekus`);
    policy.x509_props.ekus = ekus;
  }
  const usage = stringList(x509.key_usage, `${path}.key_usage`, KEY_USAGES);
  if (usage) policy.x509_props.key_usage = usage;
  if (x509.validity_months !== undefined && x509.validity_months !== null) {
    const months = x509.validity_months;
    if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > 1200) throw invalid(`${path}.validity_months`);
    policy.x509_props.validity_months = months;
  }
}

function parseLifetimeActions(value: unknown, path: string): CertificatePolicyWire['lifetime_actions'] {
  if (!Array.isArray(value) || value.length > 2) throw invalid(path);
  return value.map((entry, i) => {
    if (!isObject(entry) || !isObject(entry.trigger) || !isObject(entry.action)) throw invalid(`${path}[${i}]`);
    const { lifetime_percentage: pct, days_before_expiry: days } = entry.trigger;
    const hasPct = pct !== undefined && pct !== null;
    const hasDays = days !== undefined && days !== null;
    // Exactly one trigger (the service rejects both or neither).
    if (hasPct === hasDays) throw invalid(`${path}[${i}].trigger`);
    if (hasPct && (typeof pct !== 'number' || !Number.isInteger(pct) || pct < 1 || pct > 99)) throw invalid(`${path}[${i}].trigger.lifetime_percentage`);
    if (hasDays && (typeof days !== 'number' || !Number.isInteger(days) || days < 1)) throw invalid(`${path}[${i}].trigger.days_before_expiry`);
    const type = entry.action.action_type;
    if (type !== 'AutoRenew' && type !== 'EmailContacts') throw invalid(`${path}[${i}].action.action_type`);
    return { trigger: hasPct ? { lifetime_percentage: pct as number } : { days_before_expiry: days as number }, action: { action_type: type } };
  });
}

/** Checks a policy a create can issue from: a subject or SANs, and AutoRenew only with an issuer that renews. */
export function assertIssuable(policy: CertificatePolicyWire): void {
  const sans = policy.x509_props.sans ?? {};
  if (!policy.x509_props.subject && !Object.values(sans).some((list) => list && list.length > 0)) throw invalid('policy.x509_props.subject');
  if (!policy.x509_props.subject) policy.x509_props.subject = `CN=${sans.dns_names?.[0] ?? sans.emails?.[0] ?? 'certificate'}`;
  const renews = policy.lifetime_actions.some((a) => a.action.action_type === 'AutoRenew');
  if (renews && policy.issuer.name.toLowerCase() === 'unknown') throw invalid('policy.lifetime_actions');
}

/** `CertificatePolicy` on the wire: id, the stored fields, and the policy's own attributes. */
export function policyBody(origin: string, record: CertificateRecord): Record<string, unknown> {
  return {
    id: `${origin}/certificates/${record.name}/policy`,
    ...structuredClone(record.policy),
    attributes: { enabled: record.policyEnabled, created: record.policyCreated, updated: record.policyUpdated },
  };
}

/** The instant (unix seconds) an AutoRenew action of the policy fires for a version valid from nbf to exp. */
export function renewalTime(policy: CertificatePolicyWire, nbf: number, exp: number): number | undefined {
  const action = policy.lifetime_actions.find((a) => a.action.action_type === 'AutoRenew');
  if (!action) return undefined;
  if (action.trigger.days_before_expiry !== undefined) return exp - action.trigger.days_before_expiry * 86400;
  return nbf + Math.floor(((exp - nbf) * (action.trigger.lifetime_percentage ?? 80)) / 100);
}
