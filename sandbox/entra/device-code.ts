import { randomUUID } from 'node:crypto';
import { answerPreflight } from '../http/cors.js';
import type { RequestContext, Router } from '../http/router.js';
import { assertKnownClient, assertPublicClientRequest } from './app-registration.js';
import { parseClaimsRequest } from './claims-request.js';
import { resolveTokenTenantSegment } from './directory.js';
import { DEVICE_CODE_INTERVAL_SECONDS, DEVICE_CODE_LIFETIME_SECONDS, type DeviceAuthorization } from './device-authorizations.js';
import type { EntraServices } from './entra-services.js';
import { ENTRA_JSON_HEADERS, EntraError, correlationIdOf, entraErrors, sendEntraError } from './errors.js';
import { readFormBody, requiredParam } from './form-body.js';
import { newNonce, sendHtml } from './html.js';
import { SANDBOX_APP_NAME, parseScopes } from './scopes.js';
import { advanceFlow, renderFlowPage } from './sign-in-flow.js';
import { deviceCodeEntryPage, deviceDonePage, sendErrorPage } from './sign-in-page.js';

/**
 * The device authorization grant: `POST /{tenant}/oauth2/v2.0/devicecode` starts it; the person
 * opens `/devicelogin` (Entra's microsoft.com/devicelogin), types the user code, confirms the app,
 * signs in (and approves MFA when asked); meanwhile the client polls the token endpoint.
 */
export function registerDeviceCodeRoutes(router: Router, services: EntraServices): void {
  const path = '/:tenant/oauth2/v2.0/devicecode';
  router.on('POST', path, (ctx) => startDeviceAuthorization(services, ctx));
  router.on('OPTIONS', path, (ctx) => answerPreflight(ctx, ['POST', 'OPTIONS'])); // a browser's CORS preflight
  router.on('*', path, (ctx) => {
    ctx.req.resume();
    sendEntraError(ctx, entraErrors.wrongMethod(ctx.method), services.context.clock.now(), correlationIdOf(ctx));
  });
  router.on('GET', '/devicelogin', (ctx) => sendEntryPage(ctx));
  router.on('POST', '/devicelogin', (ctx) => handleVerificationPage(services, ctx));
}

async function startDeviceAuthorization(services: EntraServices, ctx: RequestContext): Promise<void> {
  const { context } = services;
  let correlationId = correlationIdOf(ctx);
  try {
    const segment = resolveTokenTenantSegment(context.store, ctx.params.tenant ?? '');
    const form = await readFormBody(ctx);
    correlationId = correlationIdOf(ctx, form);
    const clientId = requiredParam(form, 'client_id');
    assertKnownClient(context, segment, clientId);
    assertPublicClientRequest(form);
    const scope = requiredParam(form, 'scope');
    parseScopes(scope, segment.kind === 'tenant' ? segment.tenant.displayName : segment.kind, clientId);
    const claims = parseClaimsRequest(form.get('claims'));
    const { deviceCode, grant } = services.devices.create({ segment, clientId, scope, claims });
    const verificationUri = `${context.origins.authority}/devicelogin`;
    ctx.json(
      200,
      {
        user_code: grant.userCode,
        device_code: deviceCode,
        verification_uri: verificationUri,
        expires_in: DEVICE_CODE_LIFETIME_SECONDS,
        interval: DEVICE_CODE_INTERVAL_SECONDS,
        message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${grant.userCode} to authenticate.`,
      },
      { ...ENTRA_JSON_HEADERS, 'x-ms-request-id': randomUUID(), 'client-request-id': correlationId },
    );
  } catch (error) {
    if (!(error instanceof EntraError)) throw error;
    sendEntraError(ctx, error, context.clock.now(), correlationId);
  }
}

function sendEntryPage(ctx: RequestContext, error?: string): void {
  const nonce = newNonce();
  sendHtml(ctx, 200, deviceCodeEntryPage({ nonce, action: '/devicelogin', ...(error ? { error } : {}) }), { nonce });
}

async function handleVerificationPage(services: EntraServices, ctx: RequestContext): Promise<void> {
  const { context } = services;
  const now = context.clock.now();
  let form: URLSearchParams;
  try {
    form = await readFormBody(ctx);
  } catch (error) {
    if (error instanceof EntraError) return sendErrorPage(ctx, error, now);
    throw error;
  }
  if (!form.has('flow')) return enterCode(services, ctx, form.get('otc') ?? '');

  const flow = services.flows.get(form.get('flow'));
  const grant = flow?.deviceKey ? services.devices.byKey(flow.deviceKey) : undefined;
  if (!flow || !grant) return sendErrorPage(ctx, entraErrors.flowExpired(), now);
  if (grant.status !== 'pending' || grant.expiresAt <= now) {
    services.flows.delete(flow.id);
    return sendEntryPage(ctx, expiredMessage);
  }
  const outcome = advanceFlow(context, flow, form, '/devicelogin');
  if (outcome.kind === 'page') return sendHtml(ctx, 200, outcome.html, { nonce: outcome.nonce });
  services.flows.delete(flow.id);
  finish(grant, outcome.kind === 'done' ? outcome.auth : undefined);
  const nonce = newNonce();
  sendHtml(ctx, 200, deviceDonePage({ nonce, appName: SANDBOX_APP_NAME, approved: outcome.kind === 'done' }), { nonce });
}

const expiredMessage = "The code you entered has expired. Get a new code from the device you're trying to sign in to and try again.";

function enterCode(services: EntraServices, ctx: RequestContext, typed: string): void {
  const grant = services.devices.byUserCode(typed.slice(0, 64));
  if (!grant || grant.status !== 'pending') {
    return sendEntryPage(ctx, "We didn't recognize this code. Make sure you entered the right code, and try again.");
  }
  if (grant.expiresAt <= services.context.clock.now()) return sendEntryPage(ctx, expiredMessage);
  const flow = services.flows.create({ stage: 'confirm', segment: grant.segment, claims: grant.claims, deviceKey: grant.key, expiresAt: grant.expiresAt });
  const outcome = renderFlowPage(services.context, flow, '/devicelogin');
  if (outcome.kind === 'page') sendHtml(ctx, 200, outcome.html, { nonce: outcome.nonce });
}

/** Records the person's decision; the client's next poll gets tokens or authorization_declined. */
function finish(grant: DeviceAuthorization, auth: DeviceAuthorization['auth']): void {
  if (auth) {
    grant.status = 'approved';
    grant.auth = auth;
  } else {
    grant.status = 'declined';
  }
}
