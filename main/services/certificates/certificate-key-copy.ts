import { AppError, VaultLockedError } from '../errors.js';
import type { AuditEntry, AuditLog } from '../ports/audit-log.js';
import type { Logger } from '../ports/logger.js';
import type { ClipboardPolicy } from '../clipboard/clipboard-policy.js';
import { ValueAudit } from '../vault/value-audit.js';
import type { VaultAccessGate } from '../vault/vault.types.js';
import type { CertificateService } from './certificate.service.js';
import type { CertificateRef } from './certificate.types.js';

/** A PEM private key block (PKCS#8, PKCS#1 RSA, SEC1 EC, or encrypted PKCS#8). */
const PRIVATE_KEY_BLOCK = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/;

/**
 * "Copy PEM private key" of a certificate whose policy stores PEM (`application/x-pem-file`): the
 * key block of its addressable secret goes straight to the clipboard policy (concealed, cleared after
 * the usual seconds, on lock and on quit) and never to the renderer, a log or a file. Like any
 * secret value it needs the vault unlocked and a live activation, and the copy is journalled first.
 */
export class CertificateKeyCopy {
  private readonly audit: ValueAudit;

  constructor(
    private readonly deps: {
      certificates: Pick<CertificateService, 'clients' | 'vault' | 'item' | 'classify'>;
      session: Pick<VaultAccessGate, 'assertUnlocked' | 'signalFor'>;
      clipboard: Pick<ClipboardPolicy, 'writeSecret'>;
      journal: AuditLog;
      /** Asks Graph whether the activation granting the vault is still live (issue 12); absent in some tests. */
      liveness?: { assertLive(vault: string): Promise<void> };
      logger?: Logger;
    },
  ) {
    this.audit = new ValueAudit(deps.journal, deps.logger);
  }

  /** Copies the PEM private key; answers when the clipboard will be cleared, never the key. */
  async copyPrivateKey(ref: CertificateRef): Promise<{ clearsAt: number }> {
    const vault = this.deps.certificates.vault(ref.vault);
    this.deps.session.assertUnlocked(vault.name);
    const item = this.deps.certificates.item(ref.vault, ref.name);
    if (item?.exportable === false) throw new AppError('item-unsupported', `The private key of certificate "${ref.name}" is marked not exportable in its policy: Key Vault never hands it out.`);
    if (item?.contentType === 'application/x-pkcs12') throw notPem(ref.name);
    const resolved = await this.deps.certificates.clients.resolveAccount(vault);
    const account = { account: resolved.accountId, tenantId: resolved.tenantId };
    const entry = (outcome: AuditEntry['outcome'], detail: string): AuditEntry => ({ action: 'copy', outcome, ...account, vault: vault.name, secretName: ref.name, detail });
    const signal = this.deps.session.signalFor(vault.name);
    let key: string;
    try {
      await this.deps.liveness?.assertLive(vault.name);
      const secret = await this.deps.certificates.clients.secretClientFor(vault).getSecret(ref.name, { abortSignal: signal });
      if (signal.aborted) throw signal.reason ?? new VaultLockedError(vault.name);
      if (secret.properties.contentType !== 'application/x-pem-file') throw notPem(ref.name);
      const block = secret.value?.match(PRIVATE_KEY_BLOCK)?.[0];
      if (!block) throw new AppError('item-unsupported', `Key Vault returned no private key for certificate "${ref.name}" (it may still be pending, or hold only the public certificate).`);
      key = `${block}\n`;
    } catch (error) {
      const appError = error instanceof AppError ? error : this.deps.certificates.classify(error, vault, 'get', ref.name);
      const outcome = appError.code.startsWith('vault-forbidden') ? 'denied' : appError.code === 'vault-locked' || appError.code === 'cancelled' ? 'cancelled' : 'failed';
      await this.audit.record(entry(outcome, `PEM private key: ${appError.code}`));
      throw appError;
    }
    await this.audit.requireRecorded(entry('ok', 'PEM private key'));
    try {
      // The lock is re-checked inside the clipboard's serialized task (a lock during the journal append must win).
      return await this.deps.clipboard.writeSecret(key, { vault: vault.name, name: ref.name, stillAllowed: () => this.deps.session.assertUnlocked(vault.name) });
    } catch (error) {
      if (error instanceof AppError && error.code === 'vault-locked') {
        await this.audit.record(entry('cancelled', 'PEM private key: locked before the clipboard write'));
        throw error;
      }
      await this.audit.record(entry('failed', 'PEM private key: clipboard write failed'));
      throw new AppError('unknown', 'The private key could not be put on the clipboard. Try again.', { cause: error });
    }
  }
}

function notPem(name: string): AppError {
  return new AppError('item-unsupported', `Certificate "${name}" is stored as PKCS#12, not PEM, so there is no PEM key to copy. Use "Save PFX…" (password-protected) instead.`);
}
