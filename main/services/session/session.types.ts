import type { ClipboardPolicy } from '../clipboard/clipboard-policy.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Notifier } from '../ports/notifier.js';
import type { PowerEvents } from '../ports/power-events.js';
import type { TokenProvider } from '../ports/token-provider.js';
import type { AuditLog } from '../ports/audit-log.js';

import type { LockReason } from '../../../shared/domain/types.js';

export type { LockReason } from '../../../shared/domain/types.js';

/**
 * One vault's access: which account and (for PIM) which group activation unlocked it, and until
 * when. `endsAt` is epoch ms from Graph's activation end time; `null` means standing access (a vault
 * with no PIM group) that only locks on OS lock, idle, quit, manual lock or sign-out.
 */
export interface VaultGrant {
  vault: string;
  accountId: string;
  groupId?: string;
  activationId?: string;
  endsAt: number | null;
}

/** Events AccessSession emits; every one carries `at` (epoch ms from the Clock port). */
export interface AccessSessionEvents extends Record<string, unknown> {
  locked: { vaults: string[]; reason: LockReason; at: number };
  unlocked: { grant: VaultGrant; at: number };
  /** A re-sync (`updateEndTime`) moved an unlocked vault's end time. */
  updated: { grant: VaultGrant; at: number };
  expiring: { vault: string; endsAt: number; at: number };
}

/** Plain-language text for each lock reason (notification body, VaultLockedError detail). */
export const lockReasonText: Record<LockReason, string> = {
  expired: 'the PIM activation that granted it has ended',
  revoked: 'the PIM activation that granted it was removed or ended early',
  deactivated: 'you deactivated the PIM activation that granted it',
  'os-lock': 'the screen was locked',
  suspend: 'the computer went to sleep',
  idle: 'you were away for longer than the idle timeout',
  quit: 'JIT Vault is quitting',
  manual: 'you locked it',
  'clock-jump': "the computer's clock jumped (for example on waking from sleep), so the access period had run out or could no longer be trusted",
  'signed-out': 'you signed out of the account that unlocked it',
};

/** Dependencies of AccessSession; everything but the clock and the two timeouts is optional. */
export interface AccessSessionDeps {
  clock: Clock;
  power?: PowerEvents;
  clipboardPolicy?: Pick<ClipboardPolicy, 'clearIfOurs'>;
  tokens?: Pick<TokenProvider, 'dropAccessTokens'>;
  notifier?: Notifier;
  journal?: AuditLog;
  logger?: Logger;
  /** 'expiring' fires this long before a grant ends. */
  warnBeforeExpiryMs: number;
  /** Lock everything after this long without activity (0 or Infinity: never). */
  idleLockMs: number;
  /** Watchdog period (default 5 s). */
  watchdogIntervalMs?: number;
  /** Timer lateness/earliness still treated as normal scheduling noise (default 2 s). */
  clockJumpToleranceMs?: number;
}
