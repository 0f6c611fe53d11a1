import { randomUUID } from 'node:crypto';
import { answerPreflight } from '../http/cors.js';
import type { RequestContext, Router } from '../http/router.js';
import { assertKnownClient, assertPublicClientRequest } from './app-registration.js';
import { resolveTokenTenantSegment } from './directory.js';
import type { EntraServices } from './entra-services.js';
import { ENTRA_JSON_HEADERS, EntraError, correlationIdOf, entraErrors, sendEntraError } from './errors.js';
import { readFormBody, requiredParam } from './form-body.js';
import { authorizationCodeGrant, deviceCodeGrant, passwordGrant, refreshTokenGrant, type GrantInput } from './token-grants.js';

/**
 * `POST /{tenant}/oauth2/v2.0/token`. Form-encoded bodies only (size-limited); every failure is a
 * JSON error in Entra's shape, never a crash. Other methods get AADSTS900561.
 */
export function registerTokenEndpoint(router: Router, services: EntraServices): void {
  const path = '/:tenant/oauth2/v2.0/token';
  router.on('POST', path, (ctx) => handleToken(services, ctx));
  // The endpoint "only accepts POST, OPTIONS requests" (AADSTS900561): OPTIONS is the browser's CORS preflight.
  router.on('OPTIONS', path, (ctx) => answerPreflight(ctx, ['POST', 'OPTIONS']));
  router.on('*', path, (ctx) => {
    ctx.req.resume();
    sendEntraError(ctx, entraErrors.wrongMethod(ctx.method), services.context.clock.now(), correlationIdOf(ctx));
  });
}

const GRANTS = new Map<string, (input: GrantInput) => Promise<Record<string, unknown>>>([
  ['authorization_code', authorizationCodeGrant],
  ['refresh_token', refreshTokenGrant],
  ['password', passwordGrant],
  // MSAL Node sends the short form; the RFC 8628 URN is what the docs show. Both are accepted.
  ['device_code', deviceCodeGrant],
  ['urn:ietf:params:oauth:grant-type:device_code', deviceCodeGrant],
]);

async function handleToken(services: EntraServices, ctx: RequestContext): Promise<void> {
  const { context } = services;
  let correlationId = correlationIdOf(ctx);
  try {
    const segment = resolveTokenTenantSegment(context.store, ctx.params.tenant ?? '');
    const form = await readFormBody(ctx);
    correlationId = correlationIdOf(ctx, form);
    const grantType = requiredParam(form, 'grant_type');
    const clientId = requiredParam(form, 'client_id');
    assertKnownClient(context, segment, clientId);
    assertPublicClientRequest(form);
    // The sandbox's app registration is a desktop/mobile public client, not a 'Single-Page Application':
    // a browser redeeming from another origin is refused as Entra refuses it.
    const origin = ctx.req.headers.origin;
    if (typeof origin === 'string') throw entraErrors.crossOriginRedemption(origin.slice(0, 200));
    const grant = GRANTS.get(grantType);
    if (!grant) throw entraErrors.unsupportedGrantType(grantType);
    const body = await grant({ services, segment, clientId, form });
    ctx.json(200, body, { ...ENTRA_JSON_HEADERS, 'x-ms-request-id': randomUUID(), 'client-request-id': correlationId });
  } catch (error) {
    if (!(error instanceof EntraError)) throw error;
    sendEntraError(ctx, error, context.clock.now(), correlationId);
  }
}
