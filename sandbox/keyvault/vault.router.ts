import type { SandboxContext } from '../context.js';
import { Router, type RequestContext } from '../http/router.js';
import { RouteTable } from '../http/route-table.js';
import { readApiVersion } from './api-version.js';
import { authorize, checkFirewall } from './authorization.js';
import { authenticate } from './challenge-auth.js';
import { assertSecretName } from './request-body.js';
import { clientAddress, rbacAssignmentHeader, vaultResponseHeaders } from './response-headers.js';
import { SECRET_ROUTES } from './secrets.routes.js';
import { advanceCertificates } from './certificates/certificate-lifecycle.js';
import { CERTIFICATE_ROUTES } from './certificates/certificates.routes.js';
import { VaultThrottle } from './throttling.js';
import { purgeExpired, type VaultResponse } from './vault-request.js';
import type { VaultRoute } from './vault-route.js';
import { KeyVaultError, vaultErrors } from './vault-errors.js';

/** Every operation the vault serves, in match order (literal segments before `:name`). */
const ROUTES: readonly VaultRoute[] = [...SECRET_ROUTES, ...CERTIFICATE_ROUTES];

/**
 * Key Vault data plane (secrets, certificates) for one vault, at its origin's root. Every request goes through
 * the service's order of checks: api-version, challenge authentication (before the body is read),
 * routing, throttling, firewall, authorisation (RBAC or access policy against the token's claims),
 * then the operation. Vault state and settings are read per request, so admin changes apply at once.
 */
export function createVaultRouter(context: SandboxContext, vaultName: string): Router {
  // The operation is looked up before it is authorised (routing is one step of Key Vault's order).
  const operations = new RouteTable<VaultRoute>();
  for (const route of ROUTES) operations.add(route.method, route.path, route);
  const throttle = new VaultThrottle(context.clock);

  const handle = async (ctx: RequestContext): Promise<void> => {
    const vault = context.store.vault(vaultName);
    if (!vault) {
      ctx.req.resume();
      ctx.json(404, vaultErrors.routeNotFound().body());
      return;
    }
    const headers = vaultResponseHeaders(ctx, vault);
    try {
      const apiVersion = readApiVersion(ctx.url);
      const caller = await authenticate(ctx, context, vault);
      const found = operations.match(ctx.method, ctx.url.pathname);
      if (!found.route) throw found.methodMismatch ? vaultErrors.methodNotAllowed(ctx.method) : vaultErrors.routeNotFound();
      const route = found.route;
      const settings = context.store.data.settings;
      if (!throttle.tryAdmit(settings.vaultRequestsPer10Seconds)) {
        const retryAfter = settings.vaultThrottleRetryAfterSeconds;
        throw vaultErrors.throttled(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {});
      }
      checkFirewall(vault, caller, clientAddress(ctx));
      const name = found.params.name ?? '';
      if (route.path.includes(':name')) assertSecretName(name);
      const grant = authorize(vault, caller, route.permission, name || undefined);
      if (grant.rbacAssignmentId) headers['x-ms-keyvault-rbac-assignment-id'] = rbacAssignmentHeader(grant.rbacAssignmentId);
      const nowSeconds = context.clock.seconds();
      if (purgeExpired(vault, nowSeconds)) context.store.changed();
      if (advanceCertificates(context, vault, context.clock.now())) context.store.changed();
      const response = await route.handler({
        ctx,
        context,
        vault,
        origin: context.origins.vault(vault.name),
        apiVersion,
        caller,
        name,
        version: found.params.version ?? '',
        nowSeconds,
      });
      send(ctx, response, headers);
    } catch (error) {
      if (!(error instanceof KeyVaultError)) throw error;
      send(ctx, { status: error.status, body: error.body() }, { ...headers, ...error.headers });
    } finally {
      // A request answered before its body was read (the 401 challenge, a 403, a 429) still has to
      // be drained, or the client's keep-alive connection would stall on the unread bytes.
      ctx.req.resume();
    }
  };

  return new Router().otherwise(handle);
}

function send(ctx: RequestContext, response: VaultResponse, baseHeaders: Record<string, string>): void {
  const headers = { ...baseHeaders, ...response.headers };
  if (response.body !== undefined) {
    ctx.json(response.status, response.body, headers);
    return;
  }
  // 204 (purge): no Content-Type and no Content-Length, as recorded.
  ctx.res.writeHead(response.status, headers);
  ctx.res.end();
}
