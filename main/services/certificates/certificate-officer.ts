import type { CertificateOperation, CertificatePolicy } from '@azure/keyvault-certificates';
import { X509Certificate } from 'node:crypto';
import { AppError } from '../errors.js';
import type { AuditEntry, AuditLog } from '../ports/audit-log.js';
import type { Logger } from '../ports/logger.js';
import type { VaultSettings } from '../settings/settings.schema.js';
import { ValueAudit } from '../vault/value-audit.js';
import type { CertificateContactDto, CertificateOfficerAccessDto, CertificateOperationDto, DeletedCertificateDto } from '../../../shared/domain/certificates.js';
import type { CertificateService } from './certificate.service.js';
import { operationStatus } from './certificate-operation-watch.js';
import { csrPem } from './certificate-x509.js';
import { describeTemplate, policyFromTemplate, type CertificateTemplate } from './certificate-template.js';
import type { CertificateRef } from './certificate.types.js';

/** What the officer sets as the policy's lifetime action. */
export type RenewalSetting = { action: 'AutoRenew' | 'EmailContacts'; daysBeforeExpiry: number } | { action: 'AutoRenew' | 'EmailContacts'; lifetimePercentage: number };

/** Largest chain text accepted for a merge (a chain is a few kB; Key Vault's own limit is 25 kB per request body of secrets). */
const MAX_CHAIN_CHARS = 64 * 1024;

/**
 * Certificates Officer actions through the official SDK: renew now (a new version from the policy),
 * follow the pending operation, merge a signed CSR, cancel, edit the renewal (lifetime action),
 * delete and recover. Key Vault decides who may (Certificates Officer, or access-policy certificate
 * permissions): a refusal comes back in plain words. Every action is journalled (action
 * `certificate`, `detail` = what), outcome included; a change relists the vault.
 */
export class CertificateOfficer {
  private readonly audit: ValueAudit;

  constructor(
    private readonly deps: {
      certificates: Pick<CertificateService, 'clients' | 'vault' | 'classify' | 'relist' | 'refreshItem' | 'followOperation'>;
      journal: AuditLog;
      logger?: Logger;
    },
  ) {
    this.audit = new ValueAudit(deps.journal, deps.logger);
  }

  /**
   * Creates a certificate from the officer's template. Refuses a name already in use (Key Vault would
   * silently make a new version with the new policy): the officer renews that one instead.
   */
  async create(ref: CertificateRef, template: CertificateTemplate): Promise<CertificateOperationDto> {
    const policy = policyFromTemplate(template); // bad input is said before anything is sent or journalled
    return this.act(ref, describeTemplate(template), 'vault', async (client) => {
      const existing = await client.getCertificate(ref.name).then(
        () => true,
        (error: unknown) => {
          if ((error as { statusCode?: number }).statusCode === 404) return false;
          throw error;
        },
      );
      if (existing) throw new AppError('item-unsupported', `A certificate named "${ref.name}" already exists in vault "${ref.vault}". Choose another name, or open it and use "Renew now".`);
      await client.beginCreateCertificate(ref.name, policy);
      return toOperation(ref, (await client.getCertificateOperation(ref.name)).getOperationState().certificateOperation);
    });
  }

  /**
   * Whether the user may act as an officer in this vault, asked of Key Vault: reading the vault's
   * certificate contacts needs `certificates/managecontacts` (RBAC: certificatecontacts/write, held by
   * Certificates Officer and Administrator, not by Certificate User or Reader). Read-only, not journalled.
   */
  async access(vaultName: string): Promise<CertificateOfficerAccessDto> {
    const vault = this.deps.certificates.vault(vaultName);
    try {
      const contacts = (await this.deps.certificates.clients.clientFor(vault).getContacts()) ?? [];
      return { vault: vault.name, officer: true, contacts: contacts.flatMap((c) => (c?.email ? [toContact(c)] : [])) };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return { vault: vault.name, officer: true, contacts: [] }; // ContactsNotFound: none set yet
      const e = this.deps.certificates.classify(error, vault, 'get');
      if (!e.code.startsWith('vault-forbidden')) throw e;
      return { vault: vault.name, officer: false, reason: { code: e.code, message: e.message } };
    }
  }

  /** Replaces the vault's certificate contacts (an empty list removes them all). */
  async setContacts(vaultName: string, contacts: CertificateContactDto[]): Promise<void> {
    const bad = contacts.find((c) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email.trim()));
    if (bad) throw new AppError('item-unsupported', `"${bad.email}" is not an e-mail address. Key Vault e-mails its contacts about expiring certificates.`);
    const clean = contacts.map((c) => ({ email: c.email.trim(), ...(c.name?.trim() ? { name: c.name.trim() } : {}), ...(c.phone?.trim() ? { phone: c.phone.trim() } : {}) }));
    return this.act({ vault: vaultName }, `contacts: ${clean.length} set`, 'none', async (client) => {
      if (clean.length === 0) await client.deleteContacts().catch((error: unknown) => ((error as { statusCode?: number }).statusCode === 404 ? undefined : Promise.reject(error)));
      else await client.setContacts(clean);
    });
  }

  /** Renew now: a new version from the certificate's current policy. Returns the operation to follow. */
  renew(ref: CertificateRef): Promise<CertificateOperationDto> {
    return this.act(ref, 'renew', 'item', async (client) => {
      const policy = await client.getCertificatePolicy(ref.name);
      await client.beginCreateCertificate(ref.name, policy as CertificatePolicy);
      // The create poller's public state carries no operation: read it (status, CSR) as the officer will follow it.
      const op = toOperation(ref, (await client.getCertificateOperation(ref.name)).getOperationState().certificateOperation);
      // An issuer that signs by itself (Self, a configured CA) ends the operation on its own: follow it, so the
      // summary shows the new version as soon as it exists. A CSR (`Unknown`) waits for the officer's merge.
      if (op.status === 'inProgress' && op.issuerName !== 'Unknown') void this.deps.certificates.followOperation(ref);
      return op;
    });
  }

  /** The pending operation (issuance progress, the CSR to sign), or `none`. Read-only: not journalled. */
  async operation(ref: CertificateRef): Promise<CertificateOperationDto> {
    const vault = this.deps.certificates.vault(ref.vault);
    try {
      const poller = await this.deps.certificates.clients.clientFor(vault).getCertificateOperation(ref.name);
      const op = toOperation(ref, poller.getOperationState().certificateOperation);
      // Seen ended: the summary follows now (new version, or no longer pending), not with the next listing.
      if (op.status !== 'inProgress') await this.deps.certificates.refreshItem(ref.vault, ref.name).catch(() => undefined);
      return op;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return { vault: ref.vault, name: ref.name, status: 'none' };
      throw this.deps.certificates.classify(error, vault, 'get', ref.name);
    }
  }

  /** Merges the CA-signed certificate (PEM, leaf first, chain optional) into the pending request. */
  async merge(ref: CertificateRef, chainPem: string): Promise<CertificateOperationDto> {
    if (chainPem.length > MAX_CHAIN_CHARS) throw new AppError('item-unsupported', `The certificate text is too long (${chainPem.length} characters; at most ${MAX_CHAIN_CHARS}). Paste only the signed certificate and its chain, in PEM.`);
    const blocks = chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (blocks.length === 0) throw new AppError('item-unsupported', 'No certificate found in the text. Paste the signed certificate in PEM ("-----BEGIN CERTIFICATE-----" …), leaf first, then its chain.');
    const ders = blocks.map((pem, i) => {
      try {
        return new Uint8Array(new X509Certificate(pem).raw);
      } catch {
        throw new AppError('item-unsupported', `Certificate ${i + 1} of the pasted text is not a valid X.509 certificate. Check that it was copied whole.`);
      }
    });
    return this.act(ref, 'merge signed certificate', 'item', async (client) => {
      await client.mergeCertificate(ref.name, ders);
      return { vault: ref.vault, name: ref.name, status: 'completed' };
    });
  }

  /** Cancels the pending operation (Key Vault stops issuing; the request stays until deleted). */
  cancel(ref: CertificateRef): Promise<CertificateOperationDto> {
    return this.act(ref, 'cancel pending operation', 'item', async (client) => {
      const poller = await client.getCertificateOperation(ref.name);
      await poller.cancelOperation();
      return toOperation(ref, poller.getOperationState().certificateOperation);
    });
  }

  /** Sets the policy's lifetime action: renew automatically, or e-mail the contacts, at a point before expiry. */
  setRenewal(ref: CertificateRef, setting: RenewalSetting): Promise<void> {
    const when = 'daysBeforeExpiry' in setting ? `${setting.daysBeforeExpiry} days before expiry` : `at ${setting.lifetimePercentage} % of lifetime`;
    return this.act(ref, `renewal: ${setting.action} ${when}`, 'item', async (client) => {
      const policy = (await client.getCertificatePolicy(ref.name)) as CertificatePolicy;
      const action = 'daysBeforeExpiry' in setting ? { action: setting.action, daysBeforeExpiry: setting.daysBeforeExpiry } : { action: setting.action, lifetimePercentage: setting.lifetimePercentage };
      await client.updateCertificatePolicy(ref.name, { ...policy, lifetimeActions: [action] } as CertificatePolicy);
    });
  }

  /** Deletes the certificate (soft delete where the vault keeps deleted items: recoverable). */
  delete(ref: CertificateRef): Promise<void> {
    return this.act(ref, 'delete', 'vault', async (client) => {
      const poller = await client.beginDeleteCertificate(ref.name);
      await poller.pollUntilDone();
    });
  }

  /** Recovers a soft-deleted certificate. */
  recover(ref: CertificateRef): Promise<void> {
    return this.act(ref, 'recover', 'vault', async (client) => {
      const poller = await client.beginRecoverDeletedCertificate(ref.name);
      await poller.pollUntilDone();
    });
  }

  /** The vault's soft-deleted certificates (what can be recovered). */
  async deleted(vaultName: string): Promise<DeletedCertificateDto[]> {
    const vault = this.deps.certificates.vault(vaultName);
    const out: DeletedCertificateDto[] = [];
    try {
      for await (const item of this.deps.certificates.clients.clientFor(vault).listDeletedCertificates()) {
        if (!item.name) continue;
        out.push({ vault: vault.name, name: item.name, ...(item.deletedOn ? { deletedOn: item.deletedOn.getTime() } : {}), ...(item.scheduledPurgeDate ? { scheduledPurgeOn: item.scheduledPurgeDate.getTime() } : {}) });
      }
    } catch (error) {
      throw this.deps.certificates.classify(error, vault, 'list');
    }
    return out;
  }

  /**
   * Runs one officer action: journal its outcome, then bring the catalog up to date — the one
   * certificate (`item`: read again before the answer, so the summary is current when the UI
   * re-reads), the whole vault (`vault`: a certificate appeared or left) or nothing (`none`: the
   * vault's contacts changed, no certificate did).
   */
  private async act<T>(ref: { vault: string; name?: string }, what: string, after: 'item' | 'vault' | 'none', run: (client: ReturnType<CertificateService['clients']['clientFor']>) => Promise<T>): Promise<T> {
    const vault = this.deps.certificates.vault(ref.vault);
    const account = await this.account(vault);
    const entry = (outcome: AuditEntry['outcome'], detail: string): AuditEntry => ({ action: 'certificate', outcome, ...account, vault: vault.name, ...(ref.name ? { secretName: ref.name } : {}), detail });
    let result: T;
    try {
      result = await run(this.deps.certificates.clients.clientFor(vault));
    } catch (error) {
      const appError = error instanceof AppError ? error : this.deps.certificates.classify(error, vault, 'get', ref.name);
      await this.audit.record(entry(appError.code.startsWith('vault-forbidden') ? 'denied' : 'failed', `${what}: ${appError.code}`));
      throw appError;
    }
    await this.audit.record(entry('ok', what));
    if (after === 'item' && ref.name) await this.deps.certificates.refreshItem(vault.name, ref.name).catch(() => undefined);
    else if (after === 'vault') void this.deps.certificates.relist(vault.name).catch(() => undefined);
    return result;
  }

  private async account(vault: VaultSettings): Promise<Pick<AuditEntry, 'account' | 'tenantId'>> {
    const account = await this.deps.certificates.clients.resolveAccount(vault);
    return { account: account.accountId, tenantId: account.tenantId };
  }
}

function toContact(c: { email?: string; name?: string; phone?: string }): CertificateContactDto {
  return { email: c.email ?? '', ...(c.name ? { name: c.name } : {}), ...(c.phone ? { phone: c.phone } : {}) };
}

function toOperation(ref: CertificateRef, op: CertificateOperation | undefined): CertificateOperationDto {
  const status = operationStatus(op);
  const csr = op?.csr && op.csr.length > 0 ? csrPem(op.csr) : undefined;
  return {
    vault: ref.vault,
    name: ref.name,
    status,
    ...(op?.statusDetails ? { statusDetails: op.statusDetails } : {}),
    ...(op?.issuerName ? { issuerName: op.issuerName } : {}),
    ...(csr ? { csrPem: csr } : {}),
    ...(op?.error?.message ? { error: op.error.message } : {}),
  };
}
