import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { CONTOSO_TID, expectEntraError, origin } from './entra-fixtures.js';

/** Discovery documents: OpenID configuration per tenant and alias, JWKS, instance discovery. */
describe('Entra discovery endpoints', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  const getJson = async (path: string) => {
    const response = await fetch(`${origin(sandbox.info)}${path}`);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: JSON.parse(text) as Record<string, unknown>, text };
  };

  it('serves the tenant OpenID configuration with every endpoint on the sandbox origin', async () => {
    const base = origin(sandbox.info);
    for (const segment of [CONTOSO_TID, CONTOSO_TID.toUpperCase(), 'contoso-it.example']) {
      const { status, body } = await getJson(`/${segment}/v2.0/.well-known/openid-configuration`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        issuer: `${base}/${CONTOSO_TID}/v2.0`,
        authorization_endpoint: `${base}/${CONTOSO_TID}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/${CONTOSO_TID}/oauth2/v2.0/token`,
        device_authorization_endpoint: `${base}/${CONTOSO_TID}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${base}/${CONTOSO_TID}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/${CONTOSO_TID}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      });
    }
  });

  it('uses the {tenantid} issuer placeholder for common and organizations, and refuses unknown tenants', async () => {
    const base = origin(sandbox.info);
    for (const alias of ['common', 'organizations']) {
      const { body } = await getJson(`/${alias}/v2.0/.well-known/openid-configuration`);
      expect(body.issuer).toBe(`${base}/{tenantid}/v2.0`);
      expect(body.token_endpoint).toBe(`${base}/${alias}/oauth2/v2.0/token`);
    }
    const unknown = await getJson('/00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration');
    expectEntraError({ ...unknown, text: unknown.text }, 400, 'invalid_tenant', 90002);
  });

  it('publishes the signing key (public part only) as the JWKS', async () => {
    const { status, body, headers } = await getJson(`/${CONTOSO_TID}/discovery/v2.0/keys`);
    expect(status).toBe(200);
    expect(body).toEqual(sandbox.context.tokens.jwks());
    const [key] = body.keys as Record<string, unknown>[];
    expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', kid: sandbox.context.tokens.kid });
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
    expect(headers.get('cache-control')).toContain('max-age');
    expect((await getJson('/common/discovery/keys')).body).toEqual(body);
  });

  it('answers instance discovery for the sandbox host and refuses other hosts (AADSTS50049)', async () => {
    const base = origin(sandbox.info);
    const host = new URL(base).host;
    const endpoint = encodeURIComponent(`${base}/${CONTOSO_TID}/oauth2/v2.0/authorize`);
    const { status, body } = await getJson(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${endpoint}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      tenant_discovery_endpoint: `${base}/${CONTOSO_TID}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
    const foreign = encodeURIComponent('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    const refused = await getJson(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${foreign}`);
    expectEntraError({ ...refused }, 400, 'invalid_instance', 50049);
  });

  it('serves the error_uri page', async () => {
    const response = await fetch(`${origin(sandbox.info)}/error?code=50126<b>`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('AADSTS50126');
    expect(html).not.toContain('<b>');
  });
});
