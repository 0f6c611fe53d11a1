import type { CertificatePolicy, SubjectAlternativeNames } from '@azure/keyvault-certificates';
import type { CertificateTemplateDto } from '../../../shared/domain/certificates.js';
import { AppError } from '../errors.js';

/** The officer's template for a new certificate (the shared DTO is the one declaration). */
export type CertificateTemplate = CertificateTemplateDto;

/** Key Vault's validity bounds: 1 month to 100 years (the REST spec's `validity_months`, int32 ≥ 0; issuers cap lower). */
const MAX_VALIDITY_MONTHS = 1200;

/**
 * Turns the officer's template into the SDK's CertificatePolicy. Checks what the form can get wrong
 * and says what to change; Key Vault still judges the rest (an unknown issuer, a curve it does not
 * offer) and its words are passed on by the officer's error classification.
 */
export function policyFromTemplate(template: CertificateTemplate): CertificatePolicy {
  const subject = template.subject.trim();
  const dnsNames = template.dnsNames.map((n) => n.trim()).filter(Boolean);
  const emails = template.emails.map((n) => n.trim()).filter(Boolean);
  if (!subject && dnsNames.length === 0 && emails.length === 0) {
    throw new AppError('item-unsupported', 'Give the certificate a subject (for example "CN=www.contoso.example") or at least one DNS name.');
  }
  if (subject && !/^[A-Za-z][A-Za-z0-9.]*=/.test(subject)) {
    throw new AppError('item-unsupported', `The subject "${subject}" is not a distinguished name. Write it as "CN=host.example.com" (more parts with commas: "CN=…, O=…, C=…").`);
  }
  const badDns = dnsNames.find((n) => !/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(n));
  if (badDns) throw new AppError('item-unsupported', `"${badDns}" is not a DNS name. Use host names such as "www.contoso.example" (a leading "*." for a wildcard).`);
  const badEmail = emails.find((e) => !/^[^@\s]+@[^@\s]+$/.test(e));
  if (badEmail) throw new AppError('item-unsupported', `"${badEmail}" is not an e-mail address.`);
  if (!Number.isInteger(template.validityMonths) || template.validityMonths < 1 || template.validityMonths > MAX_VALIDITY_MONTHS) {
    throw new AppError('item-unsupported', `Validity must be a whole number of months from 1 to ${MAX_VALIDITY_MONTHS}.`);
  }
  const issuerName = template.issuer.trim();
  if (!issuerName) throw new AppError('item-unsupported', 'Choose an issuer: Self (self-signed), Unknown (a request to have signed elsewhere) or a configured issuer.');

  const sans: Partial<Record<'dnsNames' | 'emails', string[]>> = {};
  if (dnsNames.length > 0) sans.dnsNames = dnsNames;
  if (emails.length > 0) sans.emails = emails;
  const key =
    template.keyType === 'EC'
      ? { keyType: 'EC' as const, keyCurveName: template.curve ?? 'P-256' }
      : { keyType: 'RSA' as const, keySize: template.keySize ?? 2048 };
  return {
    issuerName,
    ...(subject ? { subject } : {}),
    ...(Object.keys(sans).length > 0 ? { subjectAlternativeNames: sans as SubjectAlternativeNames } : {}),
    ...key,
    reuseKey: false,
    exportable: template.exportable,
    contentType: template.contentType,
    validityInMonths: template.validityMonths,
    // Renewal to start with (the officer edits it later): auto-renew at 80 % of the lifetime, as the
    // Azure portal proposes; an `Unknown` issuer cannot auto-renew (Key Vault refuses it), so its contacts are warned 30 days before.
    lifetimeActions: [issuerName.toLowerCase() === 'unknown' ? { action: 'EmailContacts', daysBeforeExpiry: 30 } : { action: 'AutoRenew', lifetimePercentage: 80 }],
  } as CertificatePolicy;
}

/** A short journal line for the template: issuer, key and validity (names only). */
export function describeTemplate(template: CertificateTemplate): string {
  const key = template.keyType === 'EC' ? `EC ${template.curve ?? 'P-256'}` : `RSA ${template.keySize ?? 2048}`;
  const format = template.contentType === 'application/x-pem-file' ? 'PEM' : 'PKCS#12';
  return `create (issuer ${template.issuer.trim()}, ${key}, ${template.validityMonths} months, ${format})`;
}
