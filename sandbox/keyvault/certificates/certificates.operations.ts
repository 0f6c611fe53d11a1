import { paginate } from '../paging.js';
import { parseUpdateParameters, readJsonObject } from '../request-body.js';
import type { VaultRequest, VaultResponse } from '../vault-request.js';
import { vaultErrors } from '../vault-errors.js';
import { certificateBundle, certificateItem } from './certificate-bundles.js';
import { latestIssued } from './certificate-lifecycle.js';
import { applyPolicy, policyBody } from './certificate-policy.js';
import { certificatesOf, isLiveCertificate, liveCertificate, syncManagedSecret, versionOf } from './certificate-records.js';

/** `GET /certificates/{name}/{version?}`: the bundle with its policy; the current version when none is named. */
export function getCertificate(request: VaultRequest): VaultResponse {
  const record = liveCertificate(request);
  return { status: 200, body: certificateBundle(request.context, request.origin, request.vault, record, versionOf(record, request.version)) };
}

/**
 * `GET /certificates`: each live certificate once (id without version), newest issued version's
 * attributes; certificates that have only a pending version appear with `includePending=true`.
 */
export function listCertificates(request: VaultRequest): VaultResponse {
  const includePending = request.ctx.url.searchParams.get('includePending')?.toLowerCase() === 'true';
  const rows = Object.entries(certificatesOf(request.vault))
    .filter(([, record]) => isLiveCertificate(record) && (includePending || latestIssued(record)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const toItem = ([, record]: (typeof rows)[number]) => {
    const version = latestIssued(record) ?? record.versions[record.versions.length - 1]!;
    return certificateItem(request.context, request.origin, request.vault, record, version, false);
  };
  return { status: 200, body: paginate(rows, request.ctx.url, request.origin, request.apiVersion, toItem) };
}

/** `GET /certificates/{name}/versions`: every version (ids with version), oldest first; empty for a missing name. */
export function listCertificateVersions(request: VaultRequest): VaultResponse {
  const record = certificatesOf(request.vault)[request.name.toLowerCase()];
  const versions = isLiveCertificate(record) ? record.versions : [];
  return {
    status: 200,
    body: paginate(versions, request.ctx.url, request.origin, request.apiVersion, (v) => certificateItem(request.context, request.origin, request.vault, record!, v, true)),
  };
}

/** `PATCH /certificates/{name}/{version?}`: attributes (enabled, nbf/exp are the certificate's own), tags, and the policy. */
export async function updateCertificate(request: VaultRequest): Promise<VaultResponse> {
  const body = await readJsonObject(request.ctx);
  const params = parseUpdateParameters(body);
  const record = liveCertificate(request);
  const version = versionOf(record, request.version);
  if (body.policy !== undefined && body.policy !== null) {
    if (typeof body.policy !== 'object' || Array.isArray(body.policy)) throw vaultErrors.badParameter('Property policy has invalid value');
    record.policy = applyPolicy(record.policy, body.policy as Record<string, unknown>);
    record.policyUpdated = request.nowSeconds;
  }
  if (params.attributes.enabled !== undefined) version.enabled = params.attributes.enabled;
  if (params.tags) version.tags = params.tags;
  version.updated = request.nowSeconds;
  if (version.cer || version.seed) syncManagedSecret(request.vault, record, version);
  request.context.store.changed();
  return { status: 200, body: certificateBundle(request.context, request.origin, request.vault, record, version) };
}

/** `GET /certificates/{name}/policy`. */
export function getCertificatePolicy(request: VaultRequest): VaultResponse {
  return { status: 200, body: policyBody(request.origin, liveCertificate(request)) };
}

/** `PATCH /certificates/{name}/policy`: the body is the policy; given fields replace the stored ones. */
export async function updateCertificatePolicy(request: VaultRequest): Promise<VaultResponse> {
  const body = await readJsonObject(request.ctx);
  const record = liveCertificate(request);
  record.policy = applyPolicy(record.policy, body);
  const enabled = (body.attributes as { enabled?: unknown } | undefined)?.enabled;
  if (typeof enabled === 'boolean') record.policyEnabled = enabled;
  record.policyUpdated = request.nowSeconds;
  request.context.store.changed();
  return { status: 200, body: policyBody(request.origin, record) };
}
