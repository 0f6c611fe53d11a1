import type { SandboxContext } from '../context.js';
import { Router } from '../http/router.js';

/** Entra ID v2.0 endpoints on the authority origin. (Stub: being built.) */
export function createEntraRouter(_context: SandboxContext): Router {
  return new Router();
}
