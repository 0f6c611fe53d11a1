import type { SandboxContext } from '../context.js';
import { Router, type RequestContext, type RouteHandler } from '../http/router.js';
import { readApiVersion } from './api-version.js';
import { authorize, checkFirewall, type SecretOperation } from './authorization.js';
import { backupSecret, restoreSecret } from './backup-restore.js';
import { authenticate } from './challenge-auth.js';
import { getDeletedSecret, listDeletedSecrets, purgeDeletedSecret, recoverDeletedSecret } from './deleted-secrets.operations.js';
import { assertSecretName } from './request-body.js';
import { clientAddress, rbacAssignmentHeader, vaultResponseHeaders } from './response-headers.js';
import { deleteSecret, getSecret, listSecrets, listSecretVersions, setSecret, updateSecret } from './secrets.operations.js';
import { VaultThrottle } from './throttling.js';
import { purgeExpired, type VaultOperation, type VaultResponse } from './vault-request.js';
import { KeyVaultError, vaultErrors } from './vault-errors.js';

interface OperationRoute {
  method: string;
  path: string;
  operation: SecretOperation;
  handler: VaultOperation;
}

/** The secrets REST API (spec `Secrets/stable/2026-04-01/secrets.json`), relative to the vault's origin. */
const OPERATIONS: OperationRoute[] = [
  { method: 'GET', path: '/secrets', operation: 'list', handler: listSecrets },
  { method: 'POST', path: '/secrets/restore', operation: 'restore', handler: restoreSecret },
  { method: 'GET', path: '/secrets/:name/versions', operation: 'list', handler: listSecretVersions },
  { method: 'POST', path: '/secrets/:name/backup', operation: 'backup', handler: backupSecret },
  { method: 'PUT', path: '/secrets/:name', operation: 'set', handler: setSecret },
  { method: 'DELETE', path: '/secrets/:name', operation: 'delete', handler: deleteSecret },
  // getSecret(name) without a version calls GET /secrets/{name}/ (empty version segment).
  { method: 'GET', path: '/secrets/:name/:version?', operation: 'get', handler: getSecret },
  { method: 'PATCH', path: '/secrets/:name/:version?', operation: 'update', handler: updateSecret },
  { method: 'GET', path: '/deletedsecrets', operation: 'listDeleted', handler: listDeletedSecrets },
  { method: 'GET', path: '/deletedsecrets/:name', operation: 'getDeleted', handler: getDeletedSecret },
  { method: 'DELETE', path: '/deletedsecrets/:name', operation: 'purge', handler: purgeDeletedSecret },
  { method: 'POST', path: '/deletedsecrets/:name/recover', operation: 'recover', handler: recoverDeletedSecret },
];

/**
 * Key Vault secrets data plane for one vault, at its origin's root. Every request goes through
 * the service's order of checks: api-version, challenge authentication (before the body is read),
 * routing, throttling, firewall, authorisation (RBAC or access policy against the token's claims),
 * then the operation. Vault state and settings are read per request, so admin changes apply at once.
 */
export function createVaultRouter(context: SandboxContext, vaultName: string): Router {
  const operations = new Router();
  const byHandler = new Map<RouteHandler, OperationRoute>();
  for (const route of OPERATIONS) {
    const marker: RouteHandler = () => undefined;
    byHandler.set(marker, route);
    operations.on(route.method, route.path, marker);
  }
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
      if (!found.handler) throw found.methodMismatch ? vaultErrors.methodNotAllowed(ctx.method) : vaultErrors.routeNotFound();
      const route = byHandler.get(found.handler)!;
      const settings = context.store.data.settings;
      if (!throttle.tryAdmit(settings.vaultRequestsPer10Seconds)) {
        const retryAfter = settings.vaultThrottleRetryAfterSeconds;
        throw vaultErrors.throttled(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {});
      }
      checkFirewall(vault, caller, clientAddress(ctx));
      const name = found.params.name ?? '';
      if (route.path.includes(':name')) assertSecretName(name);
      const grant = authorize(vault, caller, route.operation, name || undefined);
      if (grant.rbacAssignmentId) headers['x-ms-keyvault-rbac-assignment-id'] = rbacAssignmentHeader(grant.rbacAssignmentId);
      const nowSeconds = context.clock.seconds();
      if (purgeExpired(vault, nowSeconds)) context.store.changed();
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

function send(ctx: RequestContext, response: VaultResponse, headers: Record<string, string>): void {
  if (response.body !== undefined) {
    ctx.json(response.status, response.body, headers);
    return;
  }
  // 204 (purge): no Content-Type and no Content-Length, as recorded.
  ctx.res.writeHead(response.status, headers);
  ctx.res.end();
}
