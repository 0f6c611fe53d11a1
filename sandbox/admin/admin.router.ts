import type { SandboxContext } from '../context.js';
import { Router } from '../http/router.js';

/** Path prefix of the admin API on the authority origin. */
export const ADMIN_PREFIX = '/_admin';

/** The sandbox admin API (requires the admin key). (Stub: being built.) */
export function createAdminRouter(_context: SandboxContext): Router {
  return new Router();
}
