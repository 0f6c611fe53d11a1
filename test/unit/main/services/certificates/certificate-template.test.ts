import { describe, expect, it } from 'vitest';
import { describeTemplate, policyFromTemplate, type CertificateTemplate } from '../../../../../main/services/certificates/certificate-template.js';

const base: CertificateTemplate = { issuer: 'Self', subject: 'CN=www.contoso.example', dnsNames: [], emails: [], keyType: 'RSA', keySize: 3072, validityMonths: 24, contentType: 'application/x-pkcs12', exportable: false };

/** The officer's template → the SDK's CertificatePolicy: what is sent, and what is refused before anything is sent. */
describe('policyFromTemplate', () => {
  it('maps an RSA self-signed template, SANs trimmed and empty ones dropped, auto-renew at 80 %', () => {
    expect(policyFromTemplate({ ...base, dnsNames: [' www.contoso.example ', ''], emails: ['pki@contoso.example'] })).toEqual({
      issuerName: 'Self',
      subject: 'CN=www.contoso.example',
      subjectAlternativeNames: { dnsNames: ['www.contoso.example'], emails: ['pki@contoso.example'] },
      keyType: 'RSA',
      keySize: 3072,
      reuseKey: false,
      exportable: false,
      contentType: 'application/x-pkcs12',
      validityInMonths: 24,
      lifetimeActions: [{ action: 'AutoRenew', lifetimePercentage: 80 }],
    });
  });

  it('maps EC to a curve (no key size), and an Unknown issuer to an e-mail warning (it cannot auto-renew)', () => {
    const policy = policyFromTemplate({ ...base, issuer: 'Unknown', keyType: 'EC', curve: 'P-384', contentType: 'application/x-pem-file' });
    expect(policy).toMatchObject({ issuerName: 'Unknown', keyType: 'EC', keyCurveName: 'P-384', contentType: 'application/x-pem-file', lifetimeActions: [{ action: 'EmailContacts', daysBeforeExpiry: 30 }] });
    expect(policy).not.toHaveProperty('keySize');
    expect(policy).not.toHaveProperty('subjectAlternativeNames');
  });

  it('refuses what Key Vault would refuse or misread, saying what to change', () => {
    expect(() => policyFromTemplate({ ...base, subject: ' ' })).toThrow(/subject .* or at least one DNS name/);
    expect(() => policyFromTemplate({ ...base, subject: 'www.contoso.example' })).toThrow(/not a distinguished name/);
    expect(() => policyFromTemplate({ ...base, dnsNames: ['bad host'] })).toThrow(/not a DNS name/);
    expect(() => policyFromTemplate({ ...base, emails: ['nobody'] })).toThrow(/not an e-mail address/);
    expect(() => policyFromTemplate({ ...base, validityMonths: 0 })).toThrow(/from 1 to 1200/);
    expect(() => policyFromTemplate({ ...base, issuer: '  ' })).toThrow(/Choose an issuer/);
    expect(policyFromTemplate({ ...base, subject: '', dnsNames: ['*.contoso.example'] })).not.toHaveProperty('subject'); // SANs alone are enough
  });

  it('describes the template for the journal: issuer, key, validity, format — names only', () => {
    expect(describeTemplate({ ...base, keyType: 'EC', curve: 'P-256' })).toBe('create (issuer Self, EC P-256, 24 months, PKCS#12)');
  });
});
