import type { AppCore } from '../main/core/app-core.js';
import type { SignedInAccount } from '../main/services/auth/auth.types.js';
import { durationToMinutes } from '../main/services/pim/iso-duration.js';
import { TERMINAL_PHASES, type ActivationEvent } from '../main/services/pim/pim.types.js';
import type { VaultSettings } from '../main/services/settings/settings.schema.js';
import { CliError, UsageError } from './cli-error.js';
import { EXIT } from './exit-codes.js';
import type { Progress } from './progress.js';

/** Activation input shared by `activate` and `read/run --activate`. */
export interface ActivationInput {
  justification?: string;
  ticket?: string;
  duration?: string;
}

/** Hints that this machine is on Azure (where `--identity` is the way to go for unattended scripts). */
export function looksLikeAzure(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.IDENTITY_ENDPOINT || env.MSI_ENDPOINT || env.IMDS_ENDPOINT || env.AZURE_POD_IDENTITY_AUTHORITY_HOST);
}

/** The configured vault of that name (Key Vault names are case-insensitive), or exit 6 naming the known ones. */
export function vaultSettings(core: AppCore, name: string): VaultSettings {
  const vaults = core.effective().settings.vaults;
  const vault = vaults.find((v) => v.name.toLowerCase() === name.toLowerCase());
  if (!vault) {
    const known = vaults.map((v) => v.name).join(', ') || 'none';
    throw new CliError(`Vault "${name}" is not configured in JIT Vault's settings (configured: ${known}).`, EXIT.notFound);
  }
  return vault;
}

/** The signed-in account for a tenant, or exit 3 saying how to sign in. */
export async function accountFor(core: AppCore, tenantId: string): Promise<SignedInAccount> {
  await core.started;
  const accounts = await core.auth.accounts();
  const account = accounts.find((a) => a.tenantId === tenantId);
  if (account) return account;
  const tenant = core.effective().settings.tenants.find((t) => t.tenantId === tenantId);
  const keychain = core.auth.keychainStatus() === 'available' ? '' : ' (No usable OS keychain was found, so no sign-in could have been kept: unlock or install one.)';
  const identity = looksLikeAzure() ? ' On this Azure machine a script can use the machine\'s managed identity instead: add --identity.' : '';
  throw new CliError(`Not signed in to ${tenant?.displayName ?? tenantId}. Run: jit-vault login --tenant ${tenantId}${keychain}${identity}`, EXIT.notSignedIn);
}

/** The PIM group's display name (Graph), or its id when Graph cannot say. */
export async function groupName(core: AppCore, accountId: string, groupId: string): Promise<string> {
  try {
    const groups = await core.pim.eligibleGroups(accountId);
    return groups.find((g) => g.groupId === groupId)?.displayName ?? groupId;
  } catch {
    return groupId;
  }
}

/** Plain-language text for an activation phase (progress lines). */
export function phaseText(event: ActivationEvent): string {
  switch (event.phase) {
    case 'Submitted':
      return 'Request submitted';
    case 'PendingApproval':
      return 'Waiting for an approver';
    case 'Granted':
    case 'PendingProvisioning':
      return 'Approved; Entra is provisioning the membership';
    case 'Provisioned':
    case 'Propagating':
      return 'Membership active; waiting until Key Vault answers';
    default:
      return event.detail ?? event.phase;
  }
}

/** Parses `--duration` (ISO 8601 like PT1H or PT30M, or minutes like 90). */
export function parseDuration(text: string | undefined, maximumMinutes: number): number {
  if (text === undefined) return Math.min(60, maximumMinutes);
  const minutes = /^\d+$/.test(text) ? Number(text) : durationToMinutes(text.toUpperCase());
  if (minutes === undefined || !Number.isFinite(minutes) || minutes <= 0) throw new UsageError(`--duration "${text}" is not a duration. Use ISO 8601 (PT1H, PT30M) or minutes (90).`);
  return minutes;
}

/**
 * Follows an activation until it ends: Ready (Key Vault answered with a fresh token) resolves; every
 * other terminal phase throws with its exit code. A SIGINT stops waiting (exit 130) but leaves the
 * request pending in Entra and in the pending-requests file, where `status` and the app find it.
 */
export function followActivation(core: AppCore, requestId: string, progress: Progress, signal: AbortSignal): Promise<ActivationEvent> {
  return new Promise((resolve, reject) => {
    const off = core.pim.on('activation', (event) => {
      if (event.requestId !== requestId) return;
      if (!TERMINAL_PHASES.has(event.phase)) return progress.update(phaseText(event));
      off();
      signal.removeEventListener('abort', onAbort);
      if (event.phase === 'Ready') return resolve(event);
      const code = event.phase === 'Denied' ? EXIT.denied : event.phase === 'TimedOut' ? EXIT.network : EXIT.failure;
      reject(new CliError(`The activation ended: ${event.phase}${event.detail ? ` (${event.detail})` : ''}.`, code));
    });
    const onAbort = () => {
      off();
      reject(new CliError(`Stopped waiting. The request ${requestId} is still pending; \`jit-vault status\` shows it and the app keeps following it.`, EXIT.interrupted));
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits until `vault` is unlocked, when an activation already in force is being re-probed at start
 * (the core re-opens access in the background). Resolves false at once when nothing will unlock it.
 */
export async function awaitUnlockInProgress(core: AppCore, vault: VaultSettings, account: SignedInAccount, progress: Progress, timeoutMs = 120_000): Promise<boolean> {
  if (core.session.isUnlocked(vault.name)) return true;
  if (!vault.pimGroupId) return false;
  const active = await core.pim.activeActivations(account.accountId);
  if (!active.some((a) => a.groupId === vault.pimGroupId)) return false;
  progress.update(`Activation in force; waiting until ${vault.name} answers`);
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    const off = core.session.on('unlocked', (e) => e.grant.vault === vault.name && done(true));
    const done = (ok: boolean) => {
      clearTimeout(timer);
      off();
      resolve(ok || core.session.isUnlocked(vault.name));
    };
    if (core.session.isUnlocked(vault.name)) done(true);
  });
}
