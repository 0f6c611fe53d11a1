import { AppError } from '../errors.js';
import type { Logger } from '../ports/logger.js';
import type { VaultSettings } from '../settings/settings.schema.js';
import type { SecretCatalog } from './secret-catalog.js';
import { toStoredSecret } from './secret-properties.mapper.js';
import type { VaultClients } from './vault-clients.js';

/** What VaultListings needs from VaultService (its clients, catalog, lock state and error classification). */
export interface VaultListingsDeps {
  clients: Pick<VaultClients, 'clientFor'>;
  catalog: Pick<SecretCatalog, 'beginListing' | 'addPage' | 'completeListing' | 'failListing'>;
  /** Whether the vault's values are behind the session lock now. */
  isLocked(vault: string): boolean;
  /** The signal an unlocked vault's operations end with (the session grant's), combined with `extra`. */
  operationSignal(vault: VaultSettings, extra: AbortSignal): AbortSignal;
  classifyListing(error: unknown, vault: VaultSettings, signal: AbortSignal): AppError;
  pageSize: number;
  logger?: Logger;
}

/**
 * The listings of the vaults into the catalog: one per vault at a time (a second caller joins it),
 * cancellable, streamed page by page. A locked vault is listed under the user's standing rights
 * (Key Vault Reader); an unlocked PIM vault's listing ends with its grant.
 */
export class VaultListings {
  private readonly running = new Map<string, { promise: Promise<boolean>; controller: AbortController }>();
  /** Every listing not yet finished, cancelled ones included (see `settled`). */
  private readonly inFlight = new Set<Promise<boolean>>();

  constructor(private readonly deps: VaultListingsDeps) {}

  /** Lists one vault into the catalog; resolves true when it reached the end, false if a lock cut it short. */
  list(vault: VaultSettings): Promise<boolean> {
    const running = this.running.get(vault.name);
    if (running) return running.promise;
    const controller = new AbortController();
    const lockedAtStart = this.deps.isLocked(vault.name);
    // An unlocked PIM vault's listing ends with its grant (a fresh one under standing rights follows); a locked one's only by `controller`.
    const signal = lockedAtStart ? controller.signal : this.deps.operationSignal(vault, controller.signal);
    const { catalog } = this.deps;
    catalog.beginListing(vault.name);
    // Forget this listing BEFORE announcing its end, so a refresh triggered by 'listed' starts anew.
    const finish = () => {
      if (this.running.get(vault.name)?.controller === controller) this.running.delete(vault.name);
    };
    const run = async () => {
      try {
        let page = 0;
        for await (const secrets of this.deps.clients.clientFor(vault).listPropertiesOfSecrets({ abortSignal: signal }).byPage({ maxPageSize: this.deps.pageSize })) {
          if (signal.aborted) return false;
          // A certificate's addressable secret (managed: true) is the certificate's own key material:
          // Key Vault lists it among the secrets, but it is the certificate's, not a credential of its own.
          catalog.addPage(vault.name, page++, secrets.filter((s) => s.managed !== true).map(toStoredSecret));
        }
        if (signal.aborted) return false;
        finish();
        catalog.completeListing(vault.name);
        return true;
      } catch (error) {
        if (signal.aborted) return false; // locked, forgotten or disposed: the catalog was already updated
        const appError = refusedWhileLocked(this.deps.classifyListing(error, vault, signal), vault, lockedAtStart);
        this.deps.logger?.warn('vault listing failed', { vault: vault.name, code: appError.code });
        finish();
        catalog.failListing(vault.name, appError);
        throw appError;
      }
    };
    const promise = run().finally(finish);
    this.running.set(vault.name, { promise, controller });
    this.inFlight.add(promise);
    const forget = () => this.inFlight.delete(promise);
    void promise.then(forget, forget);
    return promise;
  }

  /** Aborts a vault's listing and forgets it at once, so a listing started right after is a fresh one. */
  cancel(name: string): void {
    this.running.get(name)?.controller.abort();
    this.running.delete(name);
  }

  /**
   * Resolves when no listing is running — cancelled ones included, since a cancelled listing may
   * still be finishing the token request it had started (an MSAL cache write).
   */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}

/** A refused listing of a locked vault is expected (no standing Reader): say so, and what is shown instead. */
function refusedWhileLocked(error: AppError, vault: VaultSettings, locked: boolean): AppError {
  if (!locked || !error.code.startsWith('vault-forbidden') || error.code === 'vault-forbidden-firewall') return error;
  return new AppError(
    error.code,
    `Vault "${vault.displayName ?? vault.name}" cannot be listed before access: your account has no standing read-only ` +
      "role on it (Key Vault Reader, or an access policy with 'list'). Names from your last access are shown, if any; " +
      'request access to see the current list, or ask an administrator for the Key Vault Reader role.',
    { cause: error },
  );
}
