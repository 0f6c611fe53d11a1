import type { Router } from '../http/router.js';
import type { EntraServices } from './entra-services.js';

/**
 * `GET /common/userrealm/{username}?api-version=1.0`: home realm discovery as MSAL calls it before a
 * username/password (ROPC) or integrated-Windows sign-in. A domain the sandbox hosts is `Managed`
 * (the sandbox federates nothing); any other domain is `Unknown`. Field names as MSAL parses them
 * (`ver`, `account_type`, `domain_name`, `cloud_instance_name`, `cloud_audience_urn`; the federated
 * fields are absent for managed domains). The answer is the same for any user of a domain, so it
 * tells nothing about whether an account exists.
 */
export function registerUserRealmRoutes(router: Router, services: EntraServices): void {
  router.on('GET', '/common/userrealm/:username', (ctx) => {
    const username = ctx.params.username ?? '';
    const domain = username.includes('@') ? username.slice(username.lastIndexOf('@') + 1).toLowerCase() : '';
    const tenant = domain ? services.context.store.data.tenants.find((t) => t.domain.toLowerCase() === domain) : undefined;
    const common = { cloud_instance_name: 'microsoftonline.com', cloud_audience_urn: 'urn:federation:MicrosoftOnline' };
    const body = tenant ? { ver: '1.0', account_type: 'Managed', domain_name: tenant.domain, ...common } : { ver: '1.0', account_type: 'Unknown', ...common };
    ctx.json(200, body, { 'cache-control': 'no-store, no-cache', 'access-control-allow-origin': '*' });
  });
}
