import type { SandboxContext } from '../context.js';
import { Router } from '../http/router.js';

/** Key Vault secrets data plane for one vault, at its origin's root. (Stub: being built.) */
export function createVaultRouter(_context: SandboxContext, _vaultName: string): Router {
  return new Router();
}
