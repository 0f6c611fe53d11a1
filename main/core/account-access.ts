import type { AuthService, SignedInAccount } from '../services/auth/auth.service.js';
import { CancelledError, toAppError } from '../services/errors.js';
import type { AuditEntry, AuditLog } from '../services/ports/audit-log.js';
import type { PimService } from '../services/pim/pim.service.js';
import type { Logger } from '../services/ports/logger.js';
import type { AccessSession } from '../services/session/access-session.js';
import type { TypedEmitter } from '../services/events/typed-emitter.js';
import type { VaultSettings } from '../services/settings/settings.schema.js';
import type { CertificateService } from '../services/certificates/certificate.service.js';
import type { VaultService } from '../services/vault/vault.service.js';
import type { AppCoreEvents } from './app-core.types.js';
import type { BackgroundTasks } from './background-tasks.js';

/** What AccountAccess works with (all built by app-core.ts). */
export interface AccountAccessDeps {
  auth: AuthService;
  session: AccessSession;
  vault: VaultService;
  /** Certificates are forgotten with the vault catalog on sign-out. */
  certificates?: Pick<CertificateService, 'forget'>;
  pim: PimService;
  journal: AuditLog;
  vaults(): readonly VaultSettings[];
  openBrowser(url: string): Promise<void>;
  events: TypedEmitter<AppCoreEvents>;
  background: BackgroundTasks;
  logger: Logger;
}

/**
 * Sign-in, sign-out and what they mean for access — the part of the app that spans AuthService,
 * AccessSession, VaultService and PimService:
 *
 * - Signing in (or starting with accounts restored from the keychain) OPENS the account's access:
 *   its tenant's standing vaults (no PIM group) are unlocked with no end time — VaultService asserts
 *   the session for every value, standing vaults included — and `pim.resume` picks up requests being
 *   followed and activations already in force (after a fresh-token readiness probe), then the
 *   catalog refreshes.
 * - Signing out locks every grant of the account ('signed-out': clipboard cleared, vault tokens
 *   dropped, catalog forgotten) BEFORE its tokens leave the keychain, so nothing is usable in between.
 * - After any other lock (idle, screen lock, sleep, manual, expiry) access is re-opened only by an
 *   explicit user action (`reopenAccess`, behind `vault:refresh`, or a new sign-in): the lock purges
 *   values, clipboard and vault tokens, and nothing unlocks again behind the user's back. After a
 *   lock the user or the OS caused, that action must also prove presence (app-core.ts
 *   `reopenAccess`: Touch ID or a fresh interactive sign-in); until then AccessSession holds every
 *   unlock, including a PIM activation reaching Ready in the background.
 */
export class AccountAccess {
  private signInController: AbortController | undefined;

  constructor(private readonly deps: AccountAccessDeps) {}

  /** Signs in; on success journals it and opens the account's access (in the background). */
  async signIn(tenantId: string, method: 'browser' | 'device-code'): Promise<SignedInAccount> {
    this.signInController?.abort(new CancelledError('Sign-in'));
    const controller = new AbortController();
    this.signInController = controller;
    const { auth, events } = this.deps;
    let account: SignedInAccount;
    try {
      account =
        method === 'browser'
          ? await auth.signInInteractive(tenantId, { openBrowser: (url) => this.deps.openBrowser(url), signal: controller.signal })
          : await auth.signInWithDeviceCode(tenantId, (info) => events.emit('device-code', info), controller.signal);
    } catch (error) {
      const appError = toAppError(error);
      await this.journal({ action: 'sign-in', outcome: appError.code === 'cancelled' ? 'cancelled' : 'failed', tenantId, detail: appError.code });
      throw appError;
    } finally {
      if (this.signInController === controller) this.signInController = undefined;
    }
    await this.journal({ action: 'sign-in', outcome: 'ok', account: account.accountId, tenantId: account.tenantId, detail: method });
    // An interactive sign-in the user just completed is presence: it lifts a user/OS lock.
    this.deps.session.confirmPresence();
    this.deps.background.run('opening access after sign-in', this.openAccess({ refresh: true }));
    events.emit('state-changed', {});
    return account;
  }

  /** Aborts the sign-in in progress, if any. */
  cancelSignIn(): void {
    this.signInController?.abort(new CancelledError('Sign-in'));
  }

  /** Locks the account's grants, forgets its tenant's catalog (if no other account serves it) and signs it out. */
  async signOut(accountId: string): Promise<void> {
    const { auth, session, vault, pim, events } = this.deps;
    const accounts = await auth.accounts();
    const account = accounts.find((a) => a.accountId === accountId);
    const granted = session.grants().filter((g) => g.accountId === accountId).map((g) => g.vault);
    await session.lock(granted, 'signed-out');
    if (account && !accounts.some((a) => a.accountId !== accountId && a.tenantId === account.tenantId)) {
      const names = this.deps.vaults().filter((v) => v.tenantId === account.tenantId).map((v) => v.name);
      vault.forget(names);
      this.deps.certificates?.forget(names);
    }
    // Before sign-out says it is done: no catalog metadata of this user stays on disk or in the keychain.
    await vault.forgetCache();
    try {
      await auth.signOut(accountId);
    } finally {
      if (account) await this.journal({ action: 'sign-out', outcome: 'ok', account: account.accountId, tenantId: account.tenantId });
      const remaining = accounts.filter((a) => a.accountId !== accountId).map((a) => a.accountId);
      // Re-arms PIM's periodic end-time sync for the accounts still signed in (it follows one list).
      if (remaining.length > 0) this.deps.background.run('re-syncing PIM after sign-out', pim.resume(remaining));
      events.emit('state-changed', {});
    }
  }

  /**
   * Opens access for every signed-in account: unlocks their tenants' standing vaults, resumes PIM
   * following (which re-probes and unlocks activations in force) and, with `refresh`, lists every
   * listable vault. `pim.resume` gets ALL accounts: its periodic sync follows the list of its latest call.
   */
  async openAccess(options: { refresh: boolean }): Promise<void> {
    const { auth, session, vault, pim } = this.deps;
    const accounts = await auth.accounts();
    if (accounts.length === 0) return;
    for (const account of accounts) {
      for (const settings of this.deps.vaults()) {
        if (settings.pimGroupId || settings.tenantId !== account.tenantId || session.isUnlocked(settings.name)) continue;
        session.unlock({ vault: settings.name, accountId: account.accountId, endsAt: null });
      }
    }
    await pim.resume(accounts.map((a) => a.accountId));
    if (options.refresh) await vault.refresh();
  }

  /** Journals without letting a journal failure undo a sign-in that already happened. */
  private async journal(entry: AuditEntry): Promise<void> {
    try {
      await this.deps.journal.append(entry);
    } catch (error) {
      this.deps.logger.error('audit journal append failed', { action: entry.action, error: error instanceof Error ? error.name : 'unknown' });
    }
  }
}
