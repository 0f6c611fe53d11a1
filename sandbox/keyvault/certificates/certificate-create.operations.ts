import { randomBytes } from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import { newSecretVersionId } from '../../state/ids.js';
import type { CertificateRecord, CertificateVersion, PendingCertificateOperation } from '../../state/model.js';
import { parseUpdateParameters, readJsonObject } from '../request-body.js';
import type { VaultRequest, VaultResponse } from '../vault-request.js';
import { vaultErrors } from '../vault-errors.js';
import { certificateBundle, operationBody } from './certificate-bundles.js';
import { certificateErrors } from './certificate-errors.js';
import { latestIssued } from './certificate-lifecycle.js';
import { applyPolicy, assertIssuable, defaultPolicy } from './certificate-policy.js';
import { certificateRecordOf, certificatesOf, isLiveCertificate, liveCertificate, syncManagedSecret } from './certificate-records.js';
import { certificateMatchesKey, createCsr, parseDistinguishedName } from './x509.js';
import { generateCertificateKey, renewalKey } from './x509-keys.js';

/** A name that may start a new version: not soft-deleted, not recovering, no operation in progress. */
export function assertWritable(request: VaultRequest): CertificateRecord | undefined {
  const existing = certificateRecordOf(request.vault, request.name);
  if (existing?.deleted) throw existing.deleted.pollsLeft > 0 ? certificateErrors.beingDeleted(existing.name) : certificateErrors.deletedButRecoverable(existing.name);
  if (existing && (existing.recoveringPollsLeft ?? 0) > 0) throw certificateErrors.beingRecovered(existing.name);
  if (existing?.pending?.status === 'inProgress') throw certificateErrors.operationInProgress(existing.name);
  return existing;
}

function issuerKnown(request: VaultRequest, name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'self' || lower === 'unknown' || Boolean(request.vault.certificateIssuers?.[lower]);
}

/**
 * `POST /certificates/{name}/create`: a new version from the policy (the stored one when the body
 * has none, which is how a renewal is asked for). Answers 202 with the pending operation, its Location
 * and Retry-After (recording). Self and named issuers complete after the sandbox's issue delay; Unknown
 * waits for a merge.
 */
export async function createCertificate(request: VaultRequest): Promise<VaultResponse> {
  const body = await readJsonObject(request.ctx);
  const params = parseUpdateParameters(body);
  const existing = assertWritable(request);
  const raw = body.policy;
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) throw vaultErrors.badParameter('Property policy has invalid value');
  if (!raw && !existing) throw vaultErrors.badParameter('Property policy is required');
  const rawIssuer = (raw as { issuer?: { name?: unknown } } | undefined)?.issuer?.name;
  const issuerName = typeof rawIssuer === 'string' ? rawIssuer : (existing?.policy.issuer.name ?? 'Self');
  const policy = raw ? applyPolicy(defaultPolicy(issuerName), raw as Record<string, unknown>) : structuredClone(existing!.policy);
  assertIssuable(policy);
  if (!issuerKnown(request, policy.issuer.name)) {
    throw vaultErrors.badParameter(`Issuer ${policy.issuer.name} is not registered in this vault. Use Self, Unknown, or set the issuer first.`);
  }
  const now = request.nowSeconds;
  const previous = existing ? latestIssued(existing) : undefined;
  const keyPem = renewalKey(policy.key_props, previous?.keyPem);
  const version: CertificateVersion = {
    version: newSecretVersionId(),
    contentType: policy.secret_props.contentType,
    ...(params.tags ? { tags: params.tags } : {}),
    enabled: params.attributes.enabled ?? true,
    created: now,
    updated: now,
  };
  const record: CertificateRecord = existing ?? { name: request.name, policy, policyEnabled: true, policyCreated: now, policyUpdated: now, versions: [] };
  record.policy = policy;
  record.policyUpdated = now;
  record.versions.push(version);
  const unknown = policy.issuer.name.toLowerCase() === 'unknown';
  const delayMs = (request.context.store.data.settings.certificateIssueDelaySeconds ?? 0) * 1000;
  const op: PendingCertificateOperation = {
    requestId: randomBytes(16).toString('hex'),
    version: version.version,
    issuerName: policy.issuer.name,
    csr: createCsr({
      subject: parseDistinguishedName(policy.x509_props.subject)!,
      ...(policy.x509_props.sans ? { sans: policy.x509_props.sans } : {}),
      ekus: policy.x509_props.ekus,
      keyUsage: policy.x509_props.key_usage,
      keyPem,
    }),
    keyPem,
    status: 'inProgress',
    cancellationRequested: false,
    ...(unknown ? {} : { completeAtMs: request.context.clock.now() + delayMs }),
  };
  record.pending = op;
  certificatesOf(request.vault)[request.name.toLowerCase()] = record;
  request.context.store.changed();
  const location = `${request.origin}/certificates/${record.name}/pending?api-version=${encodeURIComponent(request.apiVersion)}&request_id=${op.requestId}`;
  return { status: 202, body: operationBody(request.origin, record, op), headers: { location, 'retry-after': '10' } };
}

/** A seeded pending request gets its key pair and CSR when first read (key generation is slow). */
function materialisePending(request: VaultRequest, record: CertificateRecord, op: PendingCertificateOperation): void {
  if (op.keyPem) return;
  const { policy } = record;
  op.keyPem = generateCertificateKey(policy.key_props);
  op.csr = createCsr({
    subject: parseDistinguishedName(policy.x509_props.subject) ?? [{ shortName: 'CN', value: record.name }],
    ...(policy.x509_props.sans ? { sans: policy.x509_props.sans } : {}),
    ekus: policy.x509_props.ekus,
    keyUsage: policy.x509_props.key_usage,
    keyPem: op.keyPem,
  });
  request.context.store.changed();
}

function pendingOf(request: VaultRequest): { record: CertificateRecord; op: PendingCertificateOperation } {
  const record = certificateRecordOf(request.vault, request.name);
  if (!isLiveCertificate(record) || !record.pending) throw certificateErrors.pendingNotFound(request.name);
  materialisePending(request, record, record.pending);
  return { record, op: record.pending };
}

/** `GET /certificates/{name}/pending`: the operation; Retry-After while it is in progress (recording). */
export function getCertificateOperation(request: VaultRequest): VaultResponse {
  const { record, op } = pendingOf(request);
  return { status: 200, body: operationBody(request.origin, record, op), ...(op.status === 'inProgress' ? { headers: { 'retry-after': '10' } } : {}) };
}

/** `PATCH /certificates/{name}/pending` `{"cancellation_requested": true}`: cancels an operation still in progress. */
export async function updateCertificateOperation(request: VaultRequest): Promise<VaultResponse> {
  const body = await readJsonObject(request.ctx);
  if (typeof body.cancellation_requested !== 'boolean') throw vaultErrors.badParameter('Property cancellation_requested has invalid value');
  const { record, op } = pendingOf(request);
  if (body.cancellation_requested && op.status === 'inProgress') {
    op.cancellationRequested = true;
    op.status = 'cancelled';
    request.context.store.changed();
  }
  return { status: 200, body: operationBody(request.origin, record, op) };
}

/** `DELETE /certificates/{name}/pending`: forgets the operation; an unfinished version goes with it. */
export function deleteCertificateOperation(request: VaultRequest): VaultResponse {
  const { record, op } = pendingOf(request);
  const body = operationBody(request.origin, record, op);
  delete record.pending;
  if (op.status !== 'completed') record.versions = record.versions.filter((v) => v.version !== op.version);
  if (record.versions.length === 0) delete certificatesOf(request.vault)[request.name.toLowerCase()];
  request.context.store.changed();
  return { status: 200, body };
}

/**
 * `POST /certificates/{name}/pending/merge` `{"x5c": [leaf, …chain]}`: completes an Unknown-issuer
 * request with the certificate signed elsewhere. The leaf must certify the pending key pair. 201.
 */
export async function mergeCertificate(request: VaultRequest): Promise<VaultResponse> {
  const body = await readJsonObject(request.ctx);
  const params = parseUpdateParameters(body);
  const x5c = body.x5c;
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c) => typeof c === 'string')) throw vaultErrors.badParameter('Property x5c has invalid value');
  const record = liveCertificate(request);
  const op = record.pending;
  if (!op) throw certificateErrors.pendingNotFound(request.name);
  if (op.status !== 'inProgress' || op.issuerName.toLowerCase() !== 'unknown') throw certificateErrors.nothingToMerge(record.name);
  materialisePending(request, record, op);
  const chain = (x5c as string[]).map((c) => c.replace(/\s+/g, ''));
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(Buffer.from(chain[0]!, 'base64'));
    chain.slice(1).forEach((c) => new X509Certificate(Buffer.from(c, 'base64')));
  } catch {
    throw vaultErrors.badParameter('Property x5c has invalid value');
  }
  if (!certificateMatchesKey(chain[0]!, op.keyPem)) throw certificateErrors.mergeKeyMismatch();
  const version = record.versions.find((v) => v.version === op.version)!;
  version.cer = chain[0]!;
  version.chain = chain.slice(1);
  version.keyPem = op.keyPem;
  version.nbf = Math.floor(Date.parse(leaf.validFrom) / 1000);
  version.exp = Math.floor(Date.parse(leaf.validTo) / 1000);
  version.enabled = params.attributes.enabled ?? true;
  if (params.tags) version.tags = params.tags;
  version.updated = request.nowSeconds;
  op.status = 'completed';
  syncManagedSecret(request.vault, record, version);
  request.context.store.changed();
  return { status: 201, body: certificateBundle(request.context, request.origin, request.vault, record, version) };
}
