import type { RequestContext, Router } from '../http/router.js';
import { resolveTenantSegment, segmentName, type TenantSegment } from './directory.js';
import type { EntraServices } from './entra-services.js';
import { EntraError, correlationIdOf, entraErrors, sendEntraError } from './errors.js';

/**
 * Discovery on the authority origin: instance discovery (`/common/discovery/instance`), the v2.0
 * OpenID configuration and the signing keys. Every endpoint in the documents points at this origin;
 * the tenant documents carry concrete tenant ids, the `common`/`organizations` ones the `{tenantid}`
 * placeholder MSAL substitutes.
 */
export function registerDiscoveryRoutes(router: Router, services: EntraServices): void {
  const { context } = services;
  const cacheable = { 'cache-control': 'max-age=86400, private', 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff' };
  const withSegment = (ctx: RequestContext, send: (segment: TenantSegment) => void) => {
    try {
      send(resolveTenantSegment(context.store, ctx.params.tenant ?? ''));
    } catch (error) {
      if (!(error instanceof EntraError)) throw error;
      sendEntraError(ctx, error, context.clock.now(), correlationIdOf(ctx));
    }
  };

  router.on('GET', '/:tenant/v2.0/.well-known/openid-configuration', (ctx) =>
    withSegment(ctx, (segment) => ctx.json(200, openIdConfiguration(services, segment), cacheable)),
  );
  for (const path of ['/:tenant/discovery/v2.0/keys', '/:tenant/discovery/keys']) {
    router.on('GET', path, (ctx) => withSegment(ctx, () => ctx.json(200, context.tokens.jwks(), cacheable)));
  }
  router.on('GET', '/:tenant/discovery/instance', (ctx) => withSegment(ctx, () => instanceDiscovery(services, ctx)));
}

/** The v2.0 OpenID Provider metadata for a tenant (or alias). */
export function openIdConfiguration(services: EntraServices, segment: TenantSegment): Record<string, unknown> {
  const origin = services.context.origins.authority;
  const name = segmentName(segment);
  const issuerTenant = segment.kind === 'tenant' ? segment.tenant.id : '{tenantid}';
  const base = `${origin}/${name}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${origin}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${services.context.origins.graph}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    // The real document has kerberos_endpoint and no code_challenge_methods_supported (Entra supports
    // plain and S256 without advertising them), and a null region for the common/organizations
    // aliases. Snapshot of login.microsoftonline.com/common/v2.0: panva/wellknown
    // issuers/entra-common/entra-common.mjs.
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: segment.kind === 'tenant' ? 'EU' : null,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: new URL(services.context.origins.graph || origin).host,
    rbac_url: 'https://pas.windows.net',
  };
}

/**
 * `GET /common/discovery/instance?api-version=1.1&authorization_endpoint=…`: the sandbox origin is
 * the only known instance (aliases include the port, as MSAL compares host:port). Another host is
 * AADSTS50049 invalid_instance, which MSAL treats as an untrusted authority.
 */
function instanceDiscovery(services: EntraServices, ctx: RequestContext): void {
  const { context } = services;
  const origin = context.origins.authority;
  const host = new URL(origin).host;
  const endpoint = ctx.url.searchParams.get('authorization_endpoint');
  let tenant = 'common';
  if (endpoint) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || url.host.toLowerCase() !== host.toLowerCase()) {
      return sendEntraError(ctx, entraErrors.unknownInstance(), context.clock.now(), correlationIdOf(ctx));
    }
    const first = url.pathname.split('/')[1] ?? '';
    tenant = /^[A-Za-z0-9.-]{1,100}$/.test(first) ? first : 'common';
  }
  ctx.json(
    200,
    {
      tenant_discovery_endpoint: `${origin}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    },
    { 'cache-control': 'max-age=86400, private', 'access-control-allow-origin': '*' },
  );
}
