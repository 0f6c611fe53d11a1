import { chmod, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError, VaultLockedError } from '../errors.js';
import type { AuditEntry, AuditLog } from '../ports/audit-log.js';
import type { Logger } from '../ports/logger.js';
import type { SaveLocation, SaveRequest } from '../ports/save-location.js';
import type { VaultSettings } from '../settings/settings.schema.js';
import { ValueAudit } from '../vault/value-audit.js';
import type { VaultAccessGate } from '../vault/vault.types.js';
import type { CertificateService } from './certificate.service.js';
import type { CertificateRef } from './certificate.types.js';
import { csrPem, derToPem } from './certificate-x509.js';
import { chainOf, protectedPfx } from './pkcs12.js';

/** The public formats: DER `.cer`, PEM of the certificate, PEM of the full chain (leaf first). */
export type PublicFormat = 'cer' | 'pem' | 'chain';

/** Where a save ended: the file's name (not its folder) or cancelled in the dialog. */
export type SaveResult = { saved: true; fileName: string } | { saved: false };

const FILTERS: Record<PublicFormat | 'pfx' | 'csr', { suffix: string; filter: SaveRequest['filter']; title: string }> = {
  cer: { suffix: '.cer', filter: { name: 'Certificate (DER)', extensions: ['cer'] }, title: 'Save the certificate (.cer)' },
  pem: { suffix: '.pem', filter: { name: 'Certificate (PEM)', extensions: ['pem', 'crt'] }, title: 'Save the certificate (.pem)' },
  chain: { suffix: '-chain.pem', filter: { name: 'Certificate chain (PEM)', extensions: ['pem'] }, title: 'Save the full certificate chain (.pem)' },
  csr: { suffix: '.csr', filter: { name: 'Certificate signing request (PEM)', extensions: ['csr', 'pem'] }, title: 'Save the certificate signing request (.csr)' },
  pfx: { suffix: '.pfx', filter: { name: 'PKCS#12 with private key (password-protected)', extensions: ['pfx', 'p12'] }, title: 'Save the PFX (private key, password-protected)' },
};

/**
 * Saving a certificate to a file the user chose. The public certificate (`.cer`, `.pem`) needs only
 * the right to read certificates — no activation. The full chain and the PFX come from the
 * certificate's addressable secret, which holds the private key: like any secret value they need the
 * vault unlocked (JIT activation, or standing access), are journalled before anything is written,
 * and the PFX is re-encrypted with the user's password — an unprotected private key is never written.
 */
export class CertificateExport {
  private readonly audit: ValueAudit;

  constructor(
    private readonly deps: {
      certificates: Pick<CertificateService, 'clients' | 'vault' | 'item' | 'classify'>;
      session: Pick<VaultAccessGate, 'assertUnlocked' | 'signalFor'>;
      journal: AuditLog;
      saveLocation?: SaveLocation;
      logger?: Logger;
    },
  ) {
    this.audit = new ValueAudit(deps.journal, deps.logger);
  }

  /** Saves the public certificate (current version) as DER or PEM. No activation needed. */
  async savePublic(ref: CertificateRef, format: Exclude<PublicFormat, 'chain'>): Promise<SaveResult> {
    const vault = this.deps.certificates.vault(ref.vault);
    const path = await this.choose(ref, format);
    if (!path) return { saved: false };
    let cer: Uint8Array | undefined;
    try {
      cer = (await this.deps.certificates.clients.clientFor(vault).getCertificate(ref.name)).cer;
    } catch (error) {
      throw this.deps.certificates.classify(error, vault, 'get', ref.name);
    }
    if (!cer || cer.length === 0) throw new AppError('item-unsupported', `Certificate "${ref.name}" has no issued version yet (its request is still pending), so there is nothing to save.`);
    await this.write(path, format === 'cer' ? cer : Buffer.from(derToPem(cer)), 0o644);
    return { saved: true, fileName: basename(path) };
  }

  /**
   * Saves the pending operation's certificate signing request (PEM) for the officer to have signed by
   * an outside CA. Public (it holds no key): no activation needed, but reading it needs the officer's
   * right to the pending operation.
   */
  async saveCsr(ref: CertificateRef): Promise<SaveResult> {
    const vault = this.deps.certificates.vault(ref.vault);
    let csr: Uint8Array | undefined;
    try {
      csr = (await this.deps.certificates.clients.clientFor(vault).getCertificateOperation(ref.name)).getOperationState().certificateOperation?.csr;
    } catch (error) {
      throw this.deps.certificates.classify(error, vault, 'get', ref.name);
    }
    if (!csr || csr.length === 0) throw new AppError('item-unsupported', `Certificate "${ref.name}" has no signing request pending (only an "Unknown" issuer leaves one to be signed elsewhere).`);
    const path = await this.choose(ref, 'csr');
    if (!path) return { saved: false };
    await this.write(path, Buffer.from(csrPem(csr)), 0o644);
    return { saved: true, fileName: basename(path) };
  }

  /** Saves the full chain (leaf first) as PEM. Read from the addressable secret: needs the vault unlocked; journalled. */
  async saveChain(ref: CertificateRef): Promise<SaveResult> {
    return this.fromSecret(ref, 'chain', async (value, contentType) => Buffer.from((await chainOf(value, contentType, ref.name)).map(derToPem).join('')), 'certificate chain (PEM)', 0o644);
  }

  /** Saves the PFX re-encrypted with `password` (AES-256). Needs the vault unlocked; journalled before the write. */
  async savePfx(ref: CertificateRef, password: string): Promise<SaveResult> {
    if (password.length < 8) throw new AppError('item-unsupported', 'Choose a PFX password of at least 8 characters: it is all that protects the private key in the file.');
    if (this.deps.certificates.item(ref.vault, ref.name)?.exportable === false) {
      throw new AppError('item-unsupported', `The private key of certificate "${ref.name}" is marked not exportable in its policy: Key Vault never hands it out, so no PFX can be saved.`);
    }
    return this.fromSecret(ref, 'pfx', (value, contentType) => protectedPfx(value, contentType, password, ref.name), 'PFX (password-protected)', 0o600);
  }

  private async fromSecret(ref: CertificateRef, kind: 'chain' | 'pfx', build: (value: string, contentType: string | undefined) => Promise<Uint8Array>, what: string, mode: number): Promise<SaveResult> {
    const vault = this.deps.certificates.vault(ref.vault);
    this.deps.session.assertUnlocked(vault.name);
    const path = await this.choose(ref, kind);
    if (!path) return { saved: false };
    const account = await this.account(vault);
    const entry = (outcome: AuditEntry['outcome'], detail: string): AuditEntry => ({ action: 'export', outcome, ...account, vault: vault.name, secretName: ref.name, detail });
    const signal = this.deps.session.signalFor(vault.name);
    let bytes: Uint8Array;
    try {
      this.deps.session.assertUnlocked(vault.name); // the dialog may have stayed open past the activation's end
      const secret = await this.deps.certificates.clients.secretClientFor(vault).getSecret(ref.name, { abortSignal: signal });
      if (signal.aborted) throw signal.reason ?? new VaultLockedError(vault.name);
      if (!secret.value) throw new AppError('item-unsupported', `Key Vault returned no content for certificate "${ref.name}" (it may still be pending).`);
      bytes = await build(secret.value, secret.properties.contentType);
    } catch (error) {
      const appError = error instanceof AppError ? error : this.deps.certificates.classify(error, vault, 'get', ref.name);
      const outcome = appError.code.startsWith('vault-forbidden') ? 'denied' : appError.code === 'vault-locked' || appError.code === 'cancelled' ? 'cancelled' : 'failed';
      await this.audit.record(entry(outcome, `${what}: ${appError.code}`));
      throw appError;
    }
    await this.audit.requireRecorded(entry('ok', `${what} saved as ${basename(path)}`));
    this.deps.session.assertUnlocked(vault.name); // locked while the journal was written: nothing is written
    await this.write(path, bytes, mode);
    return { saved: true, fileName: basename(path) };
  }

  private async choose(ref: CertificateRef, kind: PublicFormat | 'pfx' | 'csr'): Promise<string | undefined> {
    if (!this.deps.saveLocation) throw new AppError('item-unsupported', 'This window cannot save files. Use the JIT Vault desktop app.');
    const spec = FILTERS[kind];
    return this.deps.saveLocation.choose({ title: spec.title, defaultName: `${ref.name}${spec.suffix}`, filter: spec.filter });
  }

  private async write(path: string, bytes: Uint8Array, mode: number): Promise<void> {
    try {
      await writeFile(path, bytes, { mode });
      await chmod(path, mode); // an existing file keeps its old mode through writeFile: a PFX must not stay world-readable
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
      throw new AppError('unknown', `The file could not be written to "${basename(path)}" (${code}). Choose another folder (one you may write to, with free space) and try again.`, { cause: error });
    }
  }

  private async account(vault: VaultSettings): Promise<Pick<AuditEntry, 'account' | 'tenantId'>> {
    const account = await this.deps.certificates.clients.resolveAccount(vault);
    return { account: account.accountId, tenantId: account.tenantId };
  }
}
