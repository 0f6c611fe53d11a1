import type { ErrorCode } from '../../../shared/domain/types.js';

/** What the UI says about a failure: a short headline and what to do next, in plain words. */
export interface ErrorText {
  title: string;
  text: string;
  /**
   * Main's own message already says this, naming the item (and what to do): show it in place of
   * `text` rather than the same advice twice.
   */
  detailReplacesText?: true;
}

/**
 * One plain-language explanation per error code. Typed as a full Record so a new code in the
 * contract fails the typecheck until it has words here.
 */
export const ERROR_TEXT: Readonly<Record<ErrorCode, ErrorText>> = Object.freeze({
  'vault-locked': {
    title: 'This vault is locked',
    text: 'You have no active access to this vault. Request access to the group that unlocks it, then try again.',
  },
  'not-signed-in': {
    title: 'You are not signed in',
    text: 'Sign in with your work account to search and open secrets.',
  },
  'keychain-unavailable': {
    title: 'No system keychain — memory-only mode',
    text: "Your operating system's keychain is not available, so JIT Vault keeps your sign-in in memory only. You will need to sign in again after JIT Vault restarts.",
  },
  'interaction-required': {
    title: 'Please sign in again',
    text: 'Microsoft needs you to sign in again (your session expired or an extra check such as MFA is required).',
  },
  'pim-policy': {
    title: "The request doesn't meet the group's policy",
    text: 'Check the justification, ticket number and duration against the rules shown, then submit again.',
  },
  'pim-not-eligible': {
    title: 'You are not eligible for this group',
    text: 'Your account cannot activate this group (any more). Ask an administrator to make you eligible.',
  },
  'pim-already-active': {
    title: 'Already active',
    text: 'This group is already active (or a request for it is pending). Azure does not extend a running activation; request again when it ends.',
  },
  'pim-too-short': {
    title: 'Too soon to deactivate',
    text: 'Azure does not allow ending an activation in its first 5 minutes. Use "Lock now" meanwhile, then deactivate.',
  },
  'pim-mfa-required': {
    title: 'Multi-factor authentication needed',
    text: 'This group requires MFA to activate. Complete the sign-in prompt in your browser, then submit again.',
  },
  'pim-denied': {
    title: 'Request denied',
    text: 'An approver denied the request. Check the approver’s reason in the timeline, or contact them.',
  },
  'pim-failed': {
    title: 'Activation failed',
    text: 'Azure could not complete the activation. Try again; if it keeps failing, ask an administrator to check the group.',
  },
  'pim-timeout': {
    title: 'Access granted but not yet effective',
    text: 'Azure granted the activation but Key Vault does not accept it yet — waiting for Azure (usually under 2 minutes, sometimes up to 10).',
  },
  'approval-decided': {
    title: 'Already decided',
    text: 'Another approver decided this request first. The list now shows what is still waiting for you.',
  },
  'approval-expired': {
    title: 'This request has expired',
    text: 'Nobody decided it in time, so Azure closed it. The requester can ask again.',
  },
  'approval-not-approver': {
    title: 'You cannot approve this request',
    text: 'You are not (or no longer) an approver for this group, or it is your own request. The list has been refreshed.',
  },
  'approval-justification-required': {
    title: 'Add a justification',
    text: 'Say why you approve or deny the request; the requester and the audit log see it.',
  },
  'vault-forbidden-rbac': {
    title: 'Key Vault does not accept your access (yet)',
    text: 'Just activated? Access granted but not yet effective — waiting for Azure (usually under 2 minutes). Otherwise ask an administrator for the "Key Vault Secrets User" role.',
  },
  'vault-forbidden-policy': {
    title: "The vault's access policy refuses this",
    text: "This vault uses access policies and yours does not allow reading secrets. Ask an administrator to add 'get' and 'list' secret permissions.",
  },
  'vault-forbidden-firewall': {
    title: "Blocked by the vault's firewall",
    text: "Your network is blocked by this vault's firewall. Connect to the corporate network or VPN, or ask an administrator to allow your address.",
  },
  'vault-secret-disabled': {
    title: 'This secret is disabled',
    text: 'The secret (or its current version) is disabled or not valid at this time. Ask the vault owner to enable it or set a new version.',
    detailReplacesText: true,
  },
  'vault-not-found': {
    title: 'Not found',
    text: 'The secret or vault no longer exists (it may have been deleted or renamed). Refresh the list.',
  },
  'item-unsupported': {
    title: 'Not possible for this item',
    text: "This item has no such field (username, URL, host) or its value is not what its tags say. Ask the vault owner to fix the item's tags.",
    // Main always says which refusal it was (a missing tag, Key Vault's words on a bad merge or
    // template, a PKCS#12 certificate has no PEM key): its sentence replaces the generic one.
    detailReplacesText: true,
  },
  'vault-throttled': {
    title: 'Key Vault is busy',
    text: 'Key Vault asked JIT Vault to slow down. Wait a few seconds and try again.',
  },
  network: {
    title: 'Network problem',
    text: 'JIT Vault could not reach Azure. Check your network or VPN connection and try again.',
  },
  'settings-invalid': {
    title: 'Setting not saved',
    text: 'That value is outside the allowed range. Correct it and save again.',
  },
  cancelled: {
    title: 'Cancelled',
    text: 'The operation was cancelled.',
  },
  unknown: {
    title: 'Something went wrong',
    text: 'Something unexpected happened. Try again; if it keeps happening, send the diagnostic log to support.',
  },
  'bad-request': {
    title: 'Request not understood',
    text: 'JIT Vault refused a malformed request from this window. Reload the window and try again.',
  },
  'forbidden-sender': {
    title: 'Request refused',
    text: 'JIT Vault only accepts requests from its own windows. Close this window and open it from the tray icon.',
  },
  'unknown-channel': {
    title: 'Not supported',
    text: 'This version of JIT Vault does not support that action yet.',
  },
});

/** Plain-language text for a code; unknown strings (e.g. an event's errorCode) fall back to 'unknown'. */
export function errorText(code: string | undefined): ErrorText {
  return (code && Object.hasOwn(ERROR_TEXT, code) ? ERROR_TEXT[code as ErrorCode] : undefined) ?? ERROR_TEXT.unknown;
}
