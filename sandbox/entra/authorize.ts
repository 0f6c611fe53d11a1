import type { RequestContext, Router } from '../http/router.js';
import { assertKnownClient } from './app-registration.js';
import { parseClaimsRequest } from './claims-request.js';
import { resolveTenantSegment, type TenantSegment } from './directory.js';
import type { EntraServices } from './entra-services.js';
import { EntraError, correlationIdOf, entraErrorBody, entraErrors } from './errors.js';
import { param, readFormBody } from './form-body.js';
import { sendHtml } from './html.js';
import { isRegisteredRedirectUri, respondToClient, type ResponseMode, type ResponseTarget } from './redirect-uris.js';
import { parseScopes } from './scopes.js';
import { advanceFlow, renderFlowPage, type AuthorizeRequest, type SignInFlow } from './sign-in-flow.js';
import { sendErrorPage } from './sign-in-page.js';
import { clientInfo } from './token-issuer.js';

/**
 * `/{tenant}/oauth2/v2.0/authorize`: the authorization code flow with PKCE for the public client.
 * Problems with the client or redirect URI are shown to the user (the redirect URI cannot be
 * trusted); every later problem goes back to the redirect URI as error/error_description/state.
 * POST carries either the sign-in pages' forms (a `flow` field) or, as Entra allows, the
 * authorize parameters themselves.
 */
export function registerAuthorizeRoutes(router: Router, services: EntraServices): void {
  const path = '/:tenant/oauth2/v2.0/authorize';
  router.on('GET', path, (ctx) => startAuthorize(services, ctx, ctx.url.searchParams));
  router.on('POST', path, async (ctx) => {
    let form: URLSearchParams;
    try {
      form = await readFormBody(ctx);
    } catch (error) {
      if (error instanceof EntraError) return sendErrorPage(ctx, error, services.context.clock.now());
      throw error;
    }
    if (form.has('flow')) return continueFlow(services, ctx, form);
    return startAuthorize(services, ctx, form);
  });
}

/** Thrown for errors that can be returned to the (validated) redirect URI. */
class RedirectError {
  constructor(
    readonly error: EntraError,
    readonly target: ResponseTarget,
  ) {}
}

function startAuthorize(services: EntraServices, ctx: RequestContext, params: URLSearchParams): void {
  const { context } = services;
  const now = context.clock.now();
  let request: AuthorizeRequest;
  try {
    request = validateAuthorizeRequest(services, ctx.params.tenant ?? '', params);
  } catch (error) {
    if (error instanceof RedirectError) return sendRedirectError(ctx, error, now);
    if (error instanceof EntraError) return sendErrorPage(ctx, error, now, correlationIdOf(ctx, params));
    throw error;
  }
  const flow = services.flows.create({
    stage: 'credentials',
    segment: request.segment,
    claims: request.claims,
    authorize: request,
    ...(request.loginHint ? { loginHint: request.loginHint } : {}),
  });
  sendFlowPage(services, ctx, flow);
}

/** Validates the parameters in Entra's order: tenant, client, redirect URI; then the rest via redirect. */
function validateAuthorizeRequest(services: EntraServices, tenantSegment: string, params: URLSearchParams): AuthorizeRequest {
  const { context } = services;
  const segment = resolveTenantSegment(context.store, tenantSegment);
  const clientId = param(params, 'client_id');
  if (!clientId) throw entraErrors.missingParameter('client_id');
  assertKnownClient(context, segment, clientId);
  const redirectUri = param(params, 'redirect_uri');
  if (!redirectUri) throw entraErrors.noReplyAddress();
  if (!isRegisteredRedirectUri(redirectUri)) throw entraErrors.invalidRedirectUri(redirectUri, clientId);

  const state = params.get('state') ?? undefined;
  const modeParam = param(params, 'response_mode');
  const fallback: ResponseTarget = { redirectUri, responseMode: 'query', ...(state !== undefined ? { state } : {}) };
  if (modeParam !== undefined && !['query', 'fragment', 'form_post'].includes(modeParam)) {
    throw new RedirectError(entraErrors.unsupportedResponseMode(modeParam), fallback);
  }
  const target: ResponseTarget = { ...fallback, responseMode: (modeParam as ResponseMode | undefined) ?? 'query' };
  const fail = (error: EntraError): never => {
    throw new RedirectError(error, target);
  };

  const responseType = param(params, 'response_type');
  if (!responseType) fail(entraErrors.missingParameter('response_type'));
  if (responseType !== 'code') fail(entraErrors.unsupportedResponseType(responseType!));
  const scope = param(params, 'scope');
  if (!scope) fail(entraErrors.missingParameter('scope'));
  try {
    parseScopes(scope!, tenantName(segment), clientId);
  } catch (error) {
    if (!(error instanceof EntraError)) throw error;
    // At the authorize leg a missing consent is reported as consent_required, not invalid_grant.
    fail(error.code === 65001 ? new EntraError('consent_required', error.code, error.text) : error);
  }
  const codeChallenge = param(params, 'code_challenge');
  // PKCE is mandatory for the sandbox's public client (MSAL always sends S256).
  if (!codeChallenge) fail(entraErrors.missingParameter('code_challenge'));
  const methodParam = param(params, 'code_challenge_method') ?? 'plain';
  if (methodParam !== 'S256' && methodParam !== 'plain') fail(entraErrors.invalidParameter('code_challenge_method'));
  const method = methodParam as 'S256' | 'plain';
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(codeChallenge!)) fail(entraErrors.invalidCodeChallenge());
  let claims;
  try {
    claims = parseClaimsRequest(params.get('claims'));
  } catch (error) {
    if (!(error instanceof EntraError)) throw error;
    return fail(error);
  }
  const prompt = param(params, 'prompt');
  if (prompt !== undefined && !['login', 'none', 'consent', 'select_account', 'create'].includes(prompt)) fail(entraErrors.invalidParameter('prompt'));
  // The sandbox keeps no browser session, so a silent request can never be satisfied.
  if (prompt === 'none') fail(entraErrors.loginRequired());

  const nonce = param(params, 'nonce');
  const loginHint = param(params, 'login_hint');
  return {
    segment,
    clientId,
    redirectUri,
    responseMode: target.responseMode,
    ...(state !== undefined ? { state } : {}),
    ...(nonce ? { nonce } : {}),
    scope: scope!,
    codeChallenge: codeChallenge!,
    codeChallengeMethod: method,
    claims,
    ...(loginHint ? { loginHint } : {}),
  };
}

function continueFlow(services: EntraServices, ctx: RequestContext, form: URLSearchParams): void {
  const { context } = services;
  const now = context.clock.now();
  const flow = services.flows.get(form.get('flow'));
  if (!flow?.authorize) return sendErrorPage(ctx, entraErrors.flowExpired(), now);
  const request = flow.authorize;
  const target: ResponseTarget = { redirectUri: request.redirectUri, responseMode: request.responseMode, ...(request.state !== undefined ? { state: request.state } : {}) };
  const outcome = advanceFlow(context, flow, form, ctx.url.pathname);
  switch (outcome.kind) {
    case 'page':
      return sendHtml(ctx, 200, outcome.html, { nonce: outcome.nonce, formAction: pageFormAction(request) });
    case 'declined':
    case 'mfa-denied':
      services.flows.delete(flow.id);
      return sendRedirectError(ctx, new RedirectError(entraErrors.mfaDenied(), target), now);
    case 'done': {
      services.flows.delete(flow.id);
      const code = services.codes.issue({
        clientId: request.clientId,
        redirectUri: request.redirectUri,
        codeChallenge: request.codeChallenge,
        codeChallengeMethod: request.codeChallengeMethod,
        tenantId: outcome.auth.principal.tenant.id,
        auth: outcome.auth,
        claims: request.claims,
        ...(request.nonce ? { nonce: request.nonce } : {}),
      });
      return respondToClient(ctx, target, { code, client_info: clientInfo(outcome.auth.principal), session_state: outcome.auth.sessionId });
    }
  }
}

function sendFlowPage(services: EntraServices, ctx: RequestContext, flow: SignInFlow): void {
  const outcome = renderFlowPage(services.context, flow, ctx.url.pathname);
  if (outcome.kind === 'page') sendHtml(ctx, 200, outcome.html, { nonce: outcome.nonce, ...(flow.authorize ? { formAction: pageFormAction(flow.authorize) } : {}) });
}

/**
 * CSP form-action of the sign-in pages: our origin, plus the client's redirect origin, because
 * browsers apply form-action to the redirect that answers a form (response_mode=query/fragment).
 */
function pageFormAction(request: AuthorizeRequest): string {
  return `'self' ${new URL(request.redirectUri).origin}`;
}

function sendRedirectError(ctx: RequestContext, error: RedirectError, nowMs: number): void {
  const body = entraErrorBody(error.error, nowMs, ctx.url.origin, correlationIdOf(ctx));
  respondToClient(ctx, error.target, {
    error: String(body.error),
    error_description: String(body.error_description),
    error_uri: String(body.error_uri),
  });
}

function tenantName(segment: TenantSegment): string {
  return segment.kind === 'tenant' ? segment.tenant.displayName : segment.kind;
}
