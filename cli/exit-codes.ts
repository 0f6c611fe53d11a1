import type { AppErrorCode } from '../main/services/errors.js';

/**
 * The documented exit codes of `jit-vault` (README "Scripts"). Scripts branch on these, so they
 * never change meaning: 4 means "a PIM activation would help", 5 "you (or the identity) may not",
 * 7 "try again later".
 */
export const EXIT = {
  ok: 0,
  /** Anything not listed below (a failed PIM request, an unexpected error). */
  failure: 1,
  /** Bad command line, malformed kv:// reference, bad env file, bad settings file or invalid activation input. */
  usage: 2,
  /** No signed-in account for the vault's tenant, no usable keychain, or no managed identity here. */
  notSignedIn: 3,
  /** The vault is locked: its PIM group needs an activation (the message names it). */
  locked: 4,
  /** Key Vault or PIM refused: no role, firewall, access policy, not eligible, request denied. */
  denied: 5,
  /** Unknown vault (not in the settings), secret or version. */
  notFound: 6,
  /** Network failure, throttling, or a wait that ran out of time. */
  network: 7,
  /** Interrupted (SIGINT), as shells report 128 + 2. */
  interrupted: 130,
} as const;

/** The exit code for a service error code. */
export function exitCodeFor(code: AppErrorCode | 'usage'): number {
  switch (code) {
    case 'usage':
    case 'settings-invalid':
    case 'pim-policy':
    case 'pim-too-short':
      return EXIT.usage;
    case 'not-signed-in':
    case 'interaction-required':
    case 'keychain-unavailable':
    case 'pim-mfa-required':
      return EXIT.notSignedIn;
    case 'vault-locked':
      return EXIT.locked;
    case 'vault-forbidden-rbac':
    case 'vault-forbidden-policy':
    case 'vault-forbidden-firewall':
    case 'vault-secret-disabled':
    case 'pim-not-eligible':
    case 'pim-denied':
      return EXIT.denied;
    case 'vault-not-found':
      return EXIT.notFound;
    case 'network':
    case 'vault-throttled':
    case 'pim-timeout':
      return EXIT.network;
    case 'cancelled':
      return EXIT.interrupted;
    default:
      return EXIT.failure;
  }
}
