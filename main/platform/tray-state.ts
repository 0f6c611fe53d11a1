import { minutesInWords } from '../../shared/domain/minutes-in-words.js';

/**
 * What the tray shows, derived from the access session and the PIM requests being followed. Pure:
 * the TrayController feeds it the current grants, the open requests and the clock's time.
 */

/** The four tray icons. */
export type TrayState = 'locked' | 'unlocked' | 'pending' | 'expiring';

/** A vault unlocked now (AccessSession's grant, reduced to what the tray needs). */
export interface TrayGrant {
  vault: string;
  /** Epoch ms; null for standing access (no PIM end time). */
  endsAt: number | null;
}

/** Inputs of `describeTray`. */
export interface TrayInputs {
  grants: readonly TrayGrant[];
  /** Requests submitted and not yet in a terminal phase (approval, provisioning, propagation). */
  openRequests: number;
  /** How many of them wait for an approver. */
  awaitingApproval: number;
  /** Requests of others waiting for this user's decision (the approver's badge count). */
  toApprove?: number;
  now: number;
  /** "Expiring soon" starts this long before a grant ends (the user's warnBeforeExpiry setting). */
  warnBeforeMs: number;
  /** Formats an epoch-ms time of day for the tooltip (injected so tests do not depend on the time zone). */
  formatTime?: (ms: number) => string;
}

/** The tray icon and tooltip for a moment. */
export interface TrayView {
  state: TrayState;
  tooltip: string;
  /** Earliest end time among unlocked vaults, if any grant has one. */
  nextExpiry: { vault: string; endsAt: number } | undefined;
}

const defaultFormatTime = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

function inWords(ms: number): string {
  const minutes = Math.max(0, Math.ceil(ms / 60_000));
  if (minutes < 1) return 'less than a minute';
  return minutesInWords(minutes, 'short');
}

/**
 * Priority: expiring soon (a grant ends within the warning window) over pending (a request is on
 * its way) over unlocked over locked — the icon shows what needs the user's attention first; the
 * tooltip always carries the next expiry.
 */
export function describeTray(inputs: TrayInputs): TrayView {
  const format = inputs.formatTime ?? defaultFormatTime;
  const live = inputs.grants.filter((g) => g.endsAt === null || g.endsAt > inputs.now);
  const timed = live.filter((g): g is TrayGrant & { endsAt: number } => g.endsAt !== null).sort((a, b) => a.endsAt - b.endsAt);
  const next = timed[0];
  const nextExpiry = next ? { vault: next.vault, endsAt: next.endsAt } : undefined;
  const expiring = next !== undefined && next.endsAt - inputs.now <= inputs.warnBeforeMs;

  let state: TrayState = 'locked';
  if (expiring) state = 'expiring';
  else if (inputs.openRequests > 0 || (inputs.toApprove ?? 0) > 0) state = 'pending';
  else if (live.length > 0) state = 'unlocked';

  const lines = ['JIT Vault'];
  if (live.length === 0) lines.push('Locked');
  else lines.push(`${live.length} vault${live.length === 1 ? '' : 's'} unlocked`);
  if (next) lines.push(`Next expiry: ${next.vault} at ${format(next.endsAt)} (in ${inWords(next.endsAt - inputs.now)})`);
  if (inputs.toApprove) lines.push(`${inputs.toApprove} request${inputs.toApprove === 1 ? '' : 's'} for you to approve`);
  if (inputs.awaitingApproval > 0) lines.push(`${inputs.awaitingApproval} request${inputs.awaitingApproval === 1 ? '' : 's'} waiting for approval`);
  else if (inputs.openRequests > 0) lines.push(`${inputs.openRequests} request${inputs.openRequests === 1 ? '' : 's'} in progress`);
  // Windows cuts tray tooltips at 127 characters (NOTIFYICONDATA.szTip); cut cleanly instead.
  const tooltip = lines.join('\n');
  return { state, tooltip: tooltip.length > 127 ? `${tooltip.slice(0, 126)}…` : tooltip, nextExpiry };
}
