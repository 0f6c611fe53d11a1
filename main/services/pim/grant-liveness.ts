import { AppError, VaultLockedError, toAppError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { AccessSession } from '../session/access-session.js';
import { lockReasonText } from '../session/session.types.js';
import type { ActiveActivation } from './pim.types.js';

/** Dependencies of GrantLiveness. */
export interface GrantLivenessDeps {
  clock: Clock;
  session: Pick<AccessSession, 'grants' | 'lock' | 'updateEndTime'>;
  /** The account's memberships in force, straight from Graph (PimService.activeActivations). */
  activeActivations(accountId: string): Promise<Pick<ActiveActivation, 'groupId' | 'endsAt'>[]>;
  /** How long a "still active" answer is trusted (default 5 s). */
  cacheMs?: number;
  logger?: Logger;
}

/** One Graph answer: the account's active groups (lower-cased id → end time) and when it was asked. */
interface Answer {
  askedAt: number;
  groups: Promise<Map<string, number | null>>;
}

const DEFAULT_CACHE_MS = 5000;

/**
 * Confirms, before each value read, that the PIM activation behind an unlocked vault is still live
 * (issue 12 item 4). An admin may revoke an activation early; the periodic re-sync would see that
 * only up to a minute later, and Key Vault keeps honouring the access token (its `groups` claim is
 * a snapshot) for up to an hour. So each read asks Graph for the account's active instances —
 * cached a few seconds, one request shared by concurrent reads — and locks the group's vaults at
 * once ('revoked') when the activation is gone or over.
 *
 * Only a fresh answer may revoke: a cached or joined answer that lacks the group is asked again,
 * so an activation that started after that answer is never locked by mistake. When Graph cannot
 * answer, the read is refused (the value stays unread) but nothing is locked: it is not proven
 * revoked, and the next attempt asks again. Standing vaults (no PIM group) need no check.
 */
export class GrantLiveness {
  private readonly answers = new Map<string, Answer>();

  constructor(private readonly deps: GrantLivenessDeps) {}

  /**
   * Resolves when `vault` is standing, not unlocked (the session's own check refuses it), or its
   * activation is confirmed live. Throws VaultLockedError (after locking) when the activation
   * ended or was removed, or an AppError when Graph could not confirm it.
   */
  async assertLive(vault: string): Promise<void> {
    const grant = this.deps.session.grants().find((g) => g.vault === vault);
    if (!grant?.groupId) return;
    const { groupId } = grant;
    let groups: Map<string, number | null>;
    try {
      groups = await this.groupsOf(grant.accountId, groupId);
    } catch (error) {
      const cause = toAppError(error);
      this.deps.logger?.warn('activation live-check failed', { vault, code: cause.code });
      throw new AppError(cause.code, `JIT Vault could not confirm with Microsoft Graph that your access to vault "${vault}" is still active, so it did not read the value. ${cause.message}`, { cause: error });
    }
    const now = this.deps.clock.now();
    const endsAt = groups.get(groupId);
    if (endsAt === undefined || (endsAt !== null && endsAt <= now)) {
      this.answers.delete(grant.accountId);
      const vaults = this.deps.session.grants().filter((g) => g.accountId === grant.accountId && g.groupId === groupId).map((g) => g.vault);
      this.deps.logger?.warn('activation no longer live: locking', { vault, groupId });
      await this.deps.session.lock(vaults, 'revoked');
      throw new VaultLockedError(vault, { detail: lockReasonText.revoked });
    }
    if (endsAt !== grant.endsAt) this.deps.session.updateEndTime(vault, endsAt);
  }

  /** The account's active groups: a recent answer if it holds `groupId`, otherwise a fresh one. */
  private async groupsOf(accountId: string, groupId: string): Promise<Map<string, number | null>> {
    const now = this.deps.clock.now();
    const cached = this.answers.get(accountId);
    if (cached && now - cached.askedAt < (this.deps.cacheMs ?? DEFAULT_CACHE_MS)) {
      const groups = await cached.groups.catch(() => undefined);
      if (groups?.has(groupId)) return groups;
    }
    return this.ask(accountId);
  }

  private ask(accountId: string): Promise<Map<string, number | null>> {
    const groups = this.deps.activeActivations(accountId).then((active) => new Map(active.map((a) => [a.groupId, a.endsAt])));
    const answer: Answer = { askedAt: this.deps.clock.now(), groups };
    this.answers.set(accountId, answer);
    // A failed answer is not kept: the next read asks again.
    groups.catch(() => {
      if (this.answers.get(accountId) === answer) this.answers.delete(accountId);
    });
    return groups;
  }
}
