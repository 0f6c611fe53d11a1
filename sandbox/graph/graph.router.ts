import type { SandboxContext } from '../context.js';
import { Router } from '../http/router.js';

/** Microsoft Graph v1.0 endpoints on the graph origin. (Stub: being built.) */
export function createGraphRouter(_context: SandboxContext): Router {
  return new Router();
}
