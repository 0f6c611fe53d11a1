import type { SandboxContext } from '../context.js';
import { Router, type RequestContext } from '../http/router.js';
import { audienceFor, findIdentity, issueManagedIdentityToken, MANAGED_IDENTITY_TOKEN_SECONDS, type IdentitySelector, type ResolvedIdentity } from './managed-identities.js';

/** The IMDS token path (Learn: "How to use managed identities … on an Azure VM to acquire an access token"). */
export const IMDS_TOKEN_PATH = '/metadata/identity/oauth2/token';
/** The App Service / Functions identity endpoint path (the sandbox's choice; the platform gives the URL in IDENTITY_ENDPOINT). */
export const APP_SERVICE_TOKEN_PATH = '/msi/token';

/** api-versions IMDS's identity endpoint accepts (the spec's stable versions; clients send 2018-02-01). */
const IMDS_VERSIONS = ['2018-02-01', '2018-04-02', '2018-10-01', '2019-02-01', '2019-03-11', '2019-04-30', '2019-06-01', '2019-06-04', '2019-08-01', '2019-08-15', '2019-11-01', '2020-06-01', '2020-07-15', '2020-09-01', '2020-10-01', '2020-12-01', '2021-01-01', '2021-02-01', '2021-03-01', '2021-05-01', '2021-10-01', '2021-11-01', '2021-11-15', '2021-12-13', '2023-07-01', '2023-11-15', '2024-03-15', '2024-07-17', '2025-04-07'];
/** IMDS lists the newest three versions in its api-version errors. */
const NEWEST = IMDS_VERSIONS.slice(-3).reverse();

type ImdsErrorCode = 'invalid_request' | 'invalid_resource' | 'method_not_allowed' | 'bad_request';

/** IMDS's identity error body (spec `IdentityErrorResponse`): `{ error, error_description }`. */
function imdsError(ctx: RequestContext, status: number, error: ImdsErrorCode, description: string): void {
  ctx.json(status, { error, error_description: description });
}

/** The one value of a query parameter; `duplicate` when it appears more than once (IMDS rejects that). */
function single(ctx: RequestContext, name: string): string | undefined | { duplicate: true } {
  const all = ctx.url.searchParams.getAll(name);
  if (all.length > 1) return { duplicate: true };
  return all[0];
}

/**
 * The sandbox's managed identity endpoints, served over plain http on loopback like the real ones
 * (IMDS is http://169.254.169.254; App Service's IDENTITY_ENDPOINT is an http localhost URL):
 *
 * - IMDS `GET /metadata/identity/oauth2/token` (MSAL appends a slash after canonicalising
 *   AZURE_POD_IDENTITY_AUTHORITY_HOST + path, so both forms are served). `Metadata: true` required,
 *   `X-Forwarded-For` refused (IMDS "does not accept requests with X-Forwarded-For"), one of
 *   `client_id`/`object_id`/`msi_res_id` selects a user-assigned identity.
 * - App Service `GET /msi/token?api-version=2019-08-01` with the `X-IDENTITY-HEADER` secret;
 *   `client_id`/`principal_id`/`mi_res_id` select a user-assigned identity.
 *
 * Retry-worthy answers (429, 5xx, 404/410) come from the admin fault rules for service "imds".
 */
export function createIdentityRouter(context: SandboxContext, appServiceHeader: string): Router {
  const router = new Router();
  router.on('*', /^\/metadata\/identity\/oauth2\/token\/?$/, (ctx) => imdsToken(ctx, context));
  router.on('*', /^\/msi\/token\/?$/, (ctx) => appServiceToken(ctx, context, appServiceHeader));
  router.otherwise((ctx) => imdsError(ctx, 404, 'bad_request', `The requested path ${ctx.url.pathname} is not found.`));
  return router;
}

async function imdsToken(ctx: RequestContext, context: SandboxContext): Promise<void> {
  if (ctx.method !== 'GET') return imdsError(ctx, 405, 'method_not_allowed', `The requested method ${ctx.method} is not allowed. Only GET is allowed.`);
  if (ctx.req.headers['x-forwarded-for'] !== undefined) return imdsError(ctx, 400, 'bad_request', 'Requests with an X-Forwarded-For header are not allowed.');
  // Learn's table: the header must be present and exactly "true" (lower case) — bad_request_102 in the VM extension era.
  if (ctx.req.headers.metadata !== 'true') return imdsError(ctx, 400, 'invalid_request', 'Required metadata header not specified');
  const names = [...new Set(ctx.url.searchParams.keys())];
  const duplicated = names.find((name) => ctx.url.searchParams.getAll(name).length > 1);
  if (duplicated) return imdsError(ctx, 400, 'invalid_request', `Duplicate query parameter '${duplicated}' found in the request.`);
  const apiVersion = single(ctx, 'api-version') as string | undefined;
  if (!apiVersion || !IMDS_VERSIONS.includes(apiVersion)) {
    // Learn ("Azure Instance Metadata Service", Errors): the body lists the newest versions.
    const error = apiVersion
      ? 'Bad request. api-version is invalid or was not specified in the request. For more information refer to aka.ms/azureimds'
      : 'Bad request. api-version was not specified in the request. For more information refer to aka.ms/azureimds';
    return ctx.json(400, { error, 'newest-versions': NEWEST });
  }
  const resource = single(ctx, 'resource') as string | undefined;
  if (!resource) return imdsError(ctx, 400, 'invalid_request', 'Required audience parameter not specified');
  const selector: IdentitySelector = {};
  const clientId = single(ctx, 'client_id') as string | undefined;
  const objectId = single(ctx, 'object_id') as string | undefined;
  const resourceId = single(ctx, 'msi_res_id') as string | undefined;
  if ([clientId, objectId, resourceId].filter(Boolean).length > 1) {
    return imdsError(ctx, 400, 'invalid_request', 'Only one of client_id, object_id or msi_res_id may be specified.');
  }
  if (clientId) selector.clientId = clientId;
  if (objectId) selector.objectId = objectId;
  if (resourceId) selector.resourceId = resourceId;
  const identity = findIdentity(context, selector);
  if (!identity) return imdsError(ctx, 400, 'invalid_request', 'Identity not found');
  const audience = audienceFor(resource);
  if (!audience) return imdsError(ctx, 400, 'invalid_resource', unknownResource(resource, identity));
  const token = await issueManagedIdentityToken(context, identity, audience);
  // Every field is a string, as IMDS sends them (spec IdentityTokenResponse).
  ctx.json(200, {
    access_token: token.accessToken,
    client_id: identity.clientId,
    expires_in: String(MANAGED_IDENTITY_TOKEN_SECONDS),
    expires_on: String(token.expiresOn),
    ext_expires_in: String(MANAGED_IDENTITY_TOKEN_SECONDS),
    not_before: String(token.issuedAt),
    resource,
    token_type: 'Bearer',
  });
}

async function appServiceToken(ctx: RequestContext, context: SandboxContext, header: string): Promise<void> {
  if (ctx.method !== 'GET') return ctx.json(405, { statusCode: 405, message: `The requested method ${ctx.method} is not allowed.` });
  // Unverified wording: App Service documents the header as required (SSRF protection), not the refusal's body.
  if (ctx.req.headers['x-identity-header'] !== header) return ctx.json(401, { statusCode: 401, message: 'The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.' });
  if (ctx.url.searchParams.get('api-version') !== '2019-08-01') return ctx.json(400, { statusCode: 400, message: 'api-version must be 2019-08-01.' });
  const resource = ctx.url.searchParams.get('resource');
  if (!resource) return ctx.json(400, { statusCode: 400, message: 'The resource parameter is required.' });
  const selector: IdentitySelector = {};
  const clientId = ctx.url.searchParams.get('client_id');
  const objectId = ctx.url.searchParams.get('principal_id') ?? ctx.url.searchParams.get('object_id');
  const resourceId = ctx.url.searchParams.get('mi_res_id');
  if (clientId) selector.clientId = clientId;
  else if (objectId) selector.objectId = objectId;
  else if (resourceId) selector.resourceId = resourceId;
  const identity = findIdentity(context, selector);
  if (!identity) return ctx.json(400, { statusCode: 400, message: 'No managed identity matches the request.' });
  const audience = audienceFor(resource);
  if (!audience) return ctx.json(400, { error: 'invalid_resource', error_description: unknownResource(resource, identity) });
  const token = await issueManagedIdentityToken(context, identity, audience);
  // Learn ("Managed identities for App Service and Azure Functions", REST protocol): expires_on is epoch seconds as a string.
  ctx.json(200, { access_token: token.accessToken, expires_on: String(token.expiresOn), resource, token_type: 'Bearer', client_id: identity.clientId });
}

function unknownResource(resource: string, identity: ResolvedIdentity): string {
  return `AADSTS500011: The resource principal named ${resource} was not found in the tenant named ${identity.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`;
}
