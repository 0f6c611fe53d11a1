import { randomUUID } from 'node:crypto';
import type { KeyVaultCertificateWithPolicy } from '@azure/keyvault-certificates';
import type { CertificateImportedDto, CertificateImportFileDto } from '../../../shared/domain/certificate-import.js';
import { AppError } from '../errors.js';
import type { AuditEntry, AuditLog } from '../ports/audit-log.js';
import type { Clock, TimerHandle } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { OpenLocation } from '../ports/open-location.js';
import type { VaultSettings } from '../settings/settings.schema.js';
import { ValueAudit } from '../vault/value-audit.js';
import type { CertificateService } from './certificate.service.js';
import { importBytes, nodeImportFileSystem, readImportFile, type ImportFileFacts, type ImportFileSystem } from './certificate-import-file.js';
import { thumbprintHex } from './certificate-x509.js';

/** How long a chosen file (it holds a private key) stays in memory waiting for its import. */
export const IMPORT_HOLD_MS = 5 * 60_000;

interface HeldFile {
  id: string;
  bytes: Buffer;
  facts: ImportFileFacts;
  heldUntil: number;
  timer: TimerHandle;
}

/** What the user fills in after choosing the file. */
export interface ImportRequest {
  vault: string;
  name: string;
  fileId: string;
  /** The PFX's (or encrypted PEM key's) password; Key Vault does not keep it. */
  password?: string;
}

/**
 * Importing a certificate with its private key (PFX with or without a password, or PEM) into a
 * vault, through the SDK's `importCertificate` (Key Vault: certificates/import; RBAC Key Vault
 * Certificates Officer). The file is chosen in main (OpenLocation) and held here — its bytes and its
 * folder never reach the renderer — for {@link IMPORT_HOLD_MS} at most, so a wrong password can be
 * typed again without choosing the file again. Key Vault judges the content: its refusal (malformed
 * PFX, wrong password, no key, too large) comes back in plain words with Key Vault's own. Journalled.
 */
export class CertificateImport {
  private held: HeldFile | undefined;
  private readonly audit: ValueAudit;
  private readonly fs: ImportFileSystem;

  constructor(
    private readonly deps: {
      certificates: Pick<CertificateService, 'clients' | 'vault' | 'classify' | 'relist' | 'item'>;
      journal: AuditLog;
      clock: Clock;
      openLocation?: OpenLocation;
      files?: ImportFileSystem;
      logger?: Logger;
    },
  ) {
    this.audit = new ValueAudit(deps.journal, deps.logger);
    this.fs = deps.files ?? nodeImportFileSystem;
  }

  /** Asks for the file (open dialog), checks its size, reads and holds it. Undefined: the user cancelled. */
  async chooseFile(): Promise<CertificateImportFileDto | undefined> {
    if (!this.deps.openLocation) throw new AppError('item-unsupported', 'This window cannot open files. Use the JIT Vault desktop app.');
    const path = await this.deps.openLocation.choose({
      title: 'Import a certificate with its private key',
      filters: [{ name: 'Certificate with private key (PFX, PEM)', extensions: ['pfx', 'p12', 'pem', 'crt', 'key'] }],
    });
    if (!path) return undefined;
    const { bytes, facts } = await readImportFile(this.fs, path);
    this.forget();
    const id = randomUUID();
    const heldUntil = this.deps.clock.now() + IMPORT_HOLD_MS;
    this.held = { id, bytes, facts, heldUntil, timer: this.deps.clock.setTimer(IMPORT_HOLD_MS, () => this.forget(id)) };
    return { fileId: id, ...facts, heldUntil };
  }

  /** Imports the held file as certificate `name` (a new version when it exists). The file is forgotten once imported. */
  async importFile(request: ImportRequest): Promise<CertificateImportedDto> {
    const vault = this.deps.certificates.vault(request.vault);
    // After a suspend the timer may not have fired yet: the hold ends by the clock, whatever the timer says.
    if (this.held && this.deps.clock.now() >= this.held.heldUntil) this.forget();
    const held = this.held;
    if (!held || held.id !== request.fileId) {
      throw new AppError('item-unsupported', 'The chosen file is no longer held (it was imported, another file was chosen, or five minutes passed). Choose the file again.');
    }
    const existed = this.deps.certificates.item(vault.name, request.name) !== undefined;
    const account = await this.deps.certificates.clients.resolveAccount(vault);
    const kind = held.facts.format === 'pem' ? 'PEM' : 'PFX';
    const entry = (outcome: AuditEntry['outcome'], detail: string): AuditEntry => ({ action: 'certificate', outcome, account: account.accountId, tenantId: account.tenantId, vault: vault.name, secretName: request.name, detail });
    let result: KeyVaultCertificateWithPolicy;
    try {
      result = await this.deps.certificates.clients.clientFor(vault).importCertificate(request.name, importBytes(held.bytes, held.facts.format), {
        ...(request.password ? { password: request.password } : {}),
        ...(held.facts.format === 'pem' ? { policy: { contentType: 'application/x-pem-file' as const } } : {}),
      });
    } catch (error) {
      const appError = this.explain(error, vault, request.name, held.facts);
      await this.audit.record(entry(appError.code.startsWith('vault-forbidden') ? 'denied' : 'failed', `import (${kind}): ${appError.code}`));
      throw appError;
    }
    this.forget(held.id);
    await this.audit.record(entry('ok', `import (${kind}) from ${held.facts.fileName}, version ${result.properties.version ?? '?'}`));
    void this.deps.certificates.relist(vault.name).catch(() => undefined);
    const subject = result.policy?.subject;
    return {
      vault: vault.name,
      name: result.name,
      newVersionOfExisting: existed,
      ...(result.properties.version ? { version: result.properties.version } : {}),
      ...(result.properties.x509Thumbprint ? { thumbprint: thumbprintHex(result.properties.x509Thumbprint) } : {}),
      ...(subject ? { subject } : {}),
      ...(result.properties.expiresOn ? { expiresOn: result.properties.expiresOn.getTime() } : {}),
    };
  }

  /** Drops the held file (all of it, or only the one named), overwriting its bytes. */
  forget(id?: string): void {
    const held = this.held;
    if (!held || (id !== undefined && held.id !== id)) return;
    held.timer.cancel();
    held.bytes.fill(0);
    this.held = undefined;
  }

  /** Key Vault's refusal in plain words, with its own words kept (they name no secret). */
  private explain(error: unknown, vault: VaultSettings, name: string, facts: ImportFileFacts): AppError {
    const status = (error as { statusCode?: number } | null)?.statusCode;
    const said = error instanceof Error ? (error.message.length > 300 ? `${error.message.slice(0, 299)}…` : error.message) : '';
    const file = `"${facts.fileName}"`;
    if (status === 400 && /password/i.test(said)) {
      return new AppError('item-unsupported', `The password does not open ${file}. Type the password it was exported with and import again (Key Vault: "${said}").`, { cause: error });
    }
    if (status === 400) {
      const hint =
        facts.format === 'pem' && facts.pem?.privateKey === 'none'
          ? 'The PEM file holds no private key: Key Vault imports a certificate only together with its key (one file: the key, then the certificate and its chain).'
          : facts.pem?.keyFormat === 'legacy' && facts.pem.privateKey === 'encrypted'
            ? 'The PEM file\'s key is encrypted in the old OpenSSL format ("BEGIN RSA/EC PRIVATE KEY"); Key Vault takes PKCS#8 keys only. Convert it with "openssl pkcs8 -topk8 -in key.pem -out key-pkcs8.pem", put that key in the file instead, and import again.'
            : `Key Vault could not read ${file} as a ${facts.format === 'pem' ? 'PEM' : 'PFX (PKCS#12)'} certificate with its private key. Check that it is the whole file, exported with its private key.`;
      return new AppError('item-unsupported', `${hint} (Key Vault: "${said}")`, { cause: error });
    }
    if (status === 413) {
      return new AppError('item-unsupported', `Key Vault refused ${file} as too large (HTTP 413: "${said}"). A certificate with its key and chain is a few kB: check that you chose the right file.`, { cause: error });
    }
    if (status === 409) {
      return new AppError('item-unsupported', `Key Vault refused the name "${name}" in vault "${vault.name}": "${said}" Recover or purge the deleted certificate first, or import under another name.`, { cause: error });
    }
    const appError = this.deps.certificates.classify(error, vault, 'get', name);
    if (appError.code === 'vault-forbidden-rbac' || appError.code === 'vault-forbidden-policy') {
      return new AppError(
        appError.code,
        `Importing into vault "${vault.name}" was refused: it needs the Key Vault Certificates Officer role${appError.code === 'vault-forbidden-policy' ? ' (here: the access policy\'s certificate "Import" permission)' : ''}. Activate the PIM group that grants it, or ask an administrator.`,
        { cause: error },
      );
    }
    return appError;
  }
}
