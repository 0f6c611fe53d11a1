import { randomBytes } from 'node:crypto';
import type { CertificateRecord, CertificateVersion } from '../state/model.js';
import { newSecretVersionId } from '../state/ids.js';
import { defaultPolicy } from '../keyvault/certificates/certificate-policy.js';
import { syncManagedSecret } from '../keyvault/certificates/certificate-records.js';
import type { VaultState } from '../state/model.js';
import type { CertificateSeed } from './schema.js';

const DAY = 24 * 3600;

/**
 * Seeded certificates with their dates resolved against `nowS`. No key is made here (a sandbox start
 * must stay fast): each version carries a recipe and is materialised on first use; an Unknown-issuer
 * seed gets a pending operation whose key and CSR are made when it is first read.
 */
export function seedCertificates(vault: VaultState, seeds: CertificateSeed[], nowS: number): void {
  vault.certificates ??= {};
  for (const seed of seeds) {
    const policy = defaultPolicy(seed.issuer);
    policy.x509_props.subject = seed.subject;
    policy.x509_props.sans = seed.dnsNames.length > 0 ? { dns_names: seed.dnsNames } : {};
    policy.x509_props.validity_months = seed.validityMonths;
    policy.secret_props.contentType = seed.contentType;
    if (seed.lifetimeAction) {
      const trigger = seed.lifetimeAction.daysBeforeExpiry !== undefined ? { days_before_expiry: seed.lifetimeAction.daysBeforeExpiry } : { lifetime_percentage: seed.lifetimeAction.lifetimePercentage ?? 80 };
      policy.lifetime_actions = [{ trigger, action: { action_type: seed.lifetimeAction.type } }];
    }
    const created = nowS - Math.round((seed.versions[0]?.createdDaysAgo ?? 0) * DAY);
    const record: CertificateRecord = { name: seed.name, policy, policyEnabled: true, policyCreated: created, policyUpdated: created, versions: [] };
    const issuer = seed.issuer.toLowerCase() === 'self' ? 'Self' : 'ca';
    for (const v of seed.versions) {
      const at = nowS - Math.round(v.createdDaysAgo * DAY);
      const version: CertificateVersion = {
        version: newSecretVersionId(),
        contentType: seed.contentType,
        ...(seed.tags ? { tags: { ...seed.tags } } : {}),
        enabled: v.enabled,
        nbf: at - 600,
        exp: nowS + Math.round(v.expiresInDays * DAY),
        created: at,
        updated: at,
        seed: { issuer, subject: seed.subject, dnsNames: seed.dnsNames },
      };
      record.versions.push(version);
      syncManagedSecret(vault, record, version);
    }
    if (seed.issuer.toLowerCase() === 'unknown') {
      const version: CertificateVersion = { version: newSecretVersionId(), contentType: seed.contentType, enabled: true, created, updated: created };
      record.versions.push(version);
      record.pending = { requestId: randomBytes(16).toString('hex'), version: version.version, issuerName: 'Unknown', csr: '', keyPem: '', status: 'inProgress', cancellationRequested: false };
    }
    vault.certificates[seed.name.toLowerCase()] = record;
  }
}
