import type { Permission } from './data-actions.js';
import type { VaultOperation } from './vault-request.js';

/**
 * One data-plane operation: method and path template (relative to the vault origin), what it needs
 * to be authorised, and its handler. A `:name` segment is validated as an object name before
 * authorisation (Key Vault names are 1-127 letters, digits and dashes for every collection).
 */
export interface VaultRoute {
  method: string;
  path: string;
  permission: Permission;
  handler: VaultOperation;
}
