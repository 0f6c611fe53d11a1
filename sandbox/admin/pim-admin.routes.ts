import type { SandboxContext } from '../context.js';
import type { Router } from '../http/router.js';

/**
 * PIM admin routes (mounted by admin/admin.router.ts under /_admin, after the key check):
 * approve/deny, revoke/expire, eligibility. (Placeholder: owned by the Graph PIM work.)
 */
export function registerPimAdminRoutes(_router: Router, _context: SandboxContext): void {}
