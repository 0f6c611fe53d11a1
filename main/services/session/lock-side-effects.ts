import { type AccessSessionDeps, type LockReason, type VaultGrant, lockReasonText } from './session.types.js';

/** Locks the user caused or expects; a desktop notification would only be noise. */
const silentReasons: ReadonlySet<LockReason> = new Set(['manual', 'quit', 'signed-out', 'deactivated']);

/**
 * Everything a lock does beyond the session's own state, in order: clipboard, tokens, journal,
 * notification. Each step is isolated — a failing journal write must not keep a token alive — and
 * failures are logged by error name only. Resolves when all are done; never rejects.
 *
 * Tokens: the vault access token is audience-wide (https://vault.azure.net) and its `groups` claim
 * still lists the group whose activation just ended, so Key Vault would keep honouring it for up to
 * an hour. We therefore drop the vault tokens of EVERY account that owned a locked grant — even if
 * that account still has other vaults unlocked. The cost is one silent re-acquisition for those
 * vaults; the gain is that no token able to read the locked vault stays in memory. Accounts that
 * owned no locked grant keep their tokens: their tokens never carried this access.
 *
 * @param all the lock was for 'all' vaults: clear our clipboard copy whichever vault it came from
 */
export async function lockSideEffects(
  deps: Pick<AccessSessionDeps, 'clipboardPolicy' | 'tokens' | 'journal' | 'notifier' | 'logger'>,
  locked: VaultGrant[],
  reason: LockReason,
  all: boolean,
): Promise<void> {
  const tasks: Promise<unknown>[] = [];
  const guard = (step: string, run: () => unknown) => {
    try {
      const result = run();
      if (result instanceof Promise) tasks.push(result.catch((error: unknown) => logFailure(step, error)));
    } catch (error) {
      logFailure(step, error);
    }
  };
  const logFailure = (step: string, error: unknown) =>
    deps.logger?.error('lock step failed', { step, reason, error: error instanceof Error ? error.name : 'unknown' });
  const vaults = locked.map((g) => g.vault);

  guard('clipboard', () => deps.clipboardPolicy?.clearIfOurs({ reason: reason === 'quit' ? 'quit' : 'lock', ...(all ? {} : { vaults }) }));
  for (const accountId of new Set(locked.map((g) => g.accountId))) {
    guard('tokens', () => deps.tokens?.dropAccessTokens(accountId, 'vault'));
  }
  for (const grant of locked) {
    guard('journal', () =>
      deps.journal?.append({
        action: 'lock',
        outcome: 'ok',
        account: grant.accountId,
        vault: grant.vault,
        ...(grant.groupId ? { groupId: grant.groupId } : {}),
        detail: reason,
      }),
    );
  }
  if (locked.length > 0 && !silentReasons.has(reason)) {
    const list = vaults.length === 1 ? `Vault "${vaults[0]}" is` : `${vaults.length} vaults are`;
    guard('notifier', () =>
      deps.notifier?.notify({ kind: 'locked', title: 'JIT Vault locked', body: `${list} locked because ${lockReasonText[reason]}.` }),
    );
  }
  deps.logger?.info('vaults locked', { reason, count: locked.length });
  await Promise.all(tasks);
}
