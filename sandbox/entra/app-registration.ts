import type { SandboxContext } from '../context.js';
import type { TenantSegment } from './directory.js';
import { entraErrors } from './errors.js';

/**
 * The sandbox knows one application: the JIT Vault public client (`store.data.clientId`), a
 * multi-tenant app present in every sandbox tenant. Any other client id is AADSTS700016, and a
 * public client presenting a secret or assertion is AADSTS700025, as in Entra.
 */
export function assertKnownClient(context: SandboxContext, segment: TenantSegment, clientId: string): void {
  if (clientId.toLowerCase() === context.store.data.clientId.toLowerCase()) return;
  const directory = segment.kind === 'tenant' ? segment.tenant.id : segment.kind;
  throw entraErrors.unknownClient(clientId, directory);
}

/** Public clients must not authenticate (no client_secret, no client_assertion). */
export function assertPublicClientRequest(params: URLSearchParams): void {
  if (params.has('client_secret') || params.has('client_assertion')) throw entraErrors.publicClientWithSecret();
}
