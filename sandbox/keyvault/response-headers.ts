import type { RequestContext } from '../http/router.js';
import type { VaultState } from '../state/model.js';

/** Service build the sandbox reports; the format of real responses (a 2026 recording shows 1.9.3070.2). */
export const KEY_VAULT_SERVICE_VERSION = '1.9.3070.2';

/**
 * The client address Key Vault sees. Loopback over IPv6 is reported as 127.0.0.1: the sandbox
 * presents every vault as an IPv4 endpoint (network-info says conn_type=Ipv4), like the real service.
 */
export function clientAddress(ctx: RequestContext): string {
  const raw = ctx.req.socket.remoteAddress ?? '127.0.0.1';
  if (raw === '::1') return '127.0.0.1';
  return raw.startsWith('::ffff:') ? raw.slice('::ffff:'.length) : raw;
}

/**
 * Headers every Key Vault response carries (recordings in Azure/azure-sdk-assets): caching off,
 * HSTS, nosniff, region, service version, network info, the request id and the echoed client id.
 */
export function vaultResponseHeaders(ctx: RequestContext, vault: VaultState): Record<string, string> {
  const headers: Record<string, string> = {
    'cache-control': 'no-cache',
    pragma: 'no-cache',
    expires: '-1',
    'strict-transport-security': 'max-age=31536000;includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-ms-keyvault-region': vault.location,
    'x-ms-keyvault-service-version': KEY_VAULT_SERVICE_VERSION,
    'x-ms-keyvault-network-info': `conn_type=Ipv4;addr=${clientAddress(ctx)};act_addr_fam=InterNetwork;`,
    'x-ms-request-id': ctx.requestId,
  };
  const clientRequestId = ctx.req.headers['x-ms-client-request-id'];
  if (typeof clientRequestId === 'string' && clientRequestId.length <= 256) headers['x-ms-client-request-id'] = clientRequestId;
  return headers;
}

/** The `x-ms-keyvault-rbac-assignment-id` value: the assignment GUID without dashes, as recorded. */
export function rbacAssignmentHeader(assignmentId: string): string {
  return assignmentId.replace(/-/g, '').toLowerCase();
}
