import type { SandboxContext } from '../context.js';
import type { Router } from '../http/router.js';

/**
 * Entra-side admin routes (mounted by admin/admin.router.ts under /_admin, after the key check),
 * e.g. revoking a user's refresh tokens. (Placeholder: owned by the Entra work.)
 */
export function registerEntraAdminRoutes(_router: Router, _context: SandboxContext): void {}
