import type { SandboxContext } from '../context.js';
import { AuthorizationCodes } from './authorization-codes.js';
import { DeviceAuthorizations } from './device-authorizations.js';
import { SignInFlows } from './sign-in-flow.js';

/** The Entra endpoints' shared state: the sandbox context plus the short-lived sign-in stores. */
export interface EntraServices {
  readonly context: SandboxContext;
  readonly flows: SignInFlows;
  readonly codes: AuthorizationCodes;
  readonly devices: DeviceAuthorizations;
}

/** Creates the stores for one sandbox. */
export function createEntraServices(context: SandboxContext): EntraServices {
  const now = () => context.clock.now();
  return { context, flows: new SignInFlows(context), codes: new AuthorizationCodes(now), devices: new DeviceAuthorizations(now) };
}
