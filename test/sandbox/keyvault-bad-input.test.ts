import type { SecretClient } from '@azure/keyvault-secrets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgeVaultToken, mintVaultToken } from '../helpers/minted-token.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { restError, secretClient, signedInCredential, uniqueName, USERS, VAULTS, vaultFetch } from './keyvault-fixtures.js';

type ErrorBody = { error: { code: string; message: string; innererror?: { code: string } } };

/**
 * Hostile and malformed input to the sandbox's Key Vault: every case gets the service's error
 * (status, code, body shape) and the sandbox keeps serving afterwards.
 */
describe('Key Vault bad input', () => {
  let sandbox: TestSandbox;
  let client: SecretClient;
  let token: string;
  const put = (path: string, body: string, headers: Record<string, string> = {}) =>
    vaultFetch(sandbox, VAULTS.servers, 'PUT', path, { token, body, headers });

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    client = secretClient(sandbox, VAULTS.servers, await signedInCredential(sandbox, USERS.officer));
    token = await mintVaultToken(sandbox.context, { user: USERS.officer });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('rejects unknown and missing api-versions with 400 BadParameter, before the challenge', async () => {
    for (const query of ['?api-version=9.9', '?api%2Dversion=2024-01-01', '']) {
      const response = await vaultFetch(sandbox, VAULTS.servers, 'GET', `/secrets${query}`);
      expect(response.status).toBe(400);
      const version = new URLSearchParams(query).get('api-version') ?? '';
      expect(response.json<ErrorBody>()).toEqual({
        error: { code: 'BadParameter', message: `The specified version (${version}) is not recognized. Consider using the latest supported version (2026-04-01).` },
      });
    }
    const odd = secretClient(sandbox, VAULTS.servers, await signedInCredential(sandbox, USERS.officer), { serviceVersion: '6.0' as never });
    await expect(odd.getSecret('dc01-administrator')).rejects.toMatchObject(restError(400, 'BadParameter'));
  });

  it('accepts every api-version the SDKs send, percent-encoded name included', async () => {
    for (const version of ['7.0', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6-preview.2', '7.6', '2025-07-01', '2026-04-01']) {
      const response = await vaultFetch(sandbox, VAULTS.servers, 'GET', `/secrets?api%2Dversion=${version}&maxresults=1`, { token });
      expect(response.status, version).toBe(200);
      expect(response.json<{ nextLink: string }>().nextLink).toContain(`api-version=${version}`);
    }
  });

  it('answers malformed JSON, wrong content types and wrong types with 400 BadParameter', async () => {
    const cases: [string, Record<string, string>][] = [
      ['{"value": "unterminated', {}],
      ['[1,2,3]', {}],
      ['', {}],
      ['{"value": 42}', {}],
      ['{"value": "x", "attributes": {"enabled": "yes"}}', {}],
      ['{"value": "x", "attributes": {"exp": "tomorrow"}}', {}],
      ['{"value": "x", "tags": {"a": 1}}', {}],
      ['{"value": "x", "contentType": {"nested": true}}', {}],
      ['{"value": "x"}', { 'content-type': 'text/plain' }],
      ['value=x', { 'content-type': 'application/x-www-form-urlencoded' }],
    ];
    for (const [body, headers] of cases) {
      const response = await put(`/secrets/${uniqueName('bad')}?api-version=7.6`, body, headers);
      expect(response.status, body).toBe(400);
      expect(response.json<ErrorBody>().error.code, body).toBe('BadParameter');
    }
    const tags = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`t${i}`, 'v']));
    await expect(client.setSecret(uniqueName('tags'), 'x', { tags })).rejects.toMatchObject(restError(400, 'BadParameter'));
  });

  it('refuses values over 25 KB (400) and bodies over the request limit (413)', async () => {
    await expect(client.setSecret(uniqueName('big'), 'x'.repeat(25 * 1024 + 1))).rejects.toMatchObject(restError(400, 'BadParameter'));
    expect((await client.setSecret(uniqueName('max'), 'x'.repeat(25 * 1024))).value).toHaveLength(25 * 1024);
    const huge = await put(`/secrets/${uniqueName('huge')}?api-version=7.6`, JSON.stringify({ value: 'x'.repeat(600 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.json<ErrorBody>().error.code).toBe('RequestEntityTooLarge');
  });

  it('refuses invalid secret names with 400 and an empty name with 405, as the service does', async () => {
    for (const name of ['bad_name', 'dot.name', 'x'.repeat(128), 'spaces%20here']) {
      const error = await client.setSecret(decodeURIComponent(name), 'x').catch((e: unknown) => e);
      expect(error, name).toMatchObject(restError(400, 'BadParameter'));
      expect((error as Error).message).toBe(`The request URI contains an invalid name: ${decodeURIComponent(name)}`);
    }
    expect((await client.setSecret('x'.repeat(127), 'long-ok')).value).toBe('long-ok');
    const empty = await client.setSecret('', 'x').catch((e: unknown) => e);
    expect(empty).toMatchObject(restError(405, 'MethodNotAllowed'));
    expect((empty as Error).message).toBe('HTTP PUT not allowed');
  });

  it('validates maxresults and $skiptoken', async () => {
    for (const maxresults of ['0', '26', '-1', 'ten', '2.5']) {
      const response = await vaultFetch(sandbox, VAULTS.servers, 'GET', `/secrets?api-version=7.6&maxresults=${maxresults}`, { token });
      expect(response.status, maxresults).toBe(400);
      expect(response.json<ErrorBody>().error.code).toBe('BadParameter');
    }
    const forged = await vaultFetch(sandbox, VAULTS.servers, 'GET', '/secrets?api-version=7.6&$skiptoken=bm9wZQ&maxresults=2', { token });
    expect(forged.status).toBe(400);
    const first = await vaultFetch(sandbox, VAULTS.servers, 'GET', '/secrets?api-version=7.6&maxresults=2', { token });
    const nextLink = first.json<{ nextLink: string }>().nextLink;
    expect(new URL(nextLink).origin).toBe(sandbox.context.origins.vault(VAULTS.servers));
    expect(new URL(nextLink).searchParams.get('maxresults')).toBe('2');
    const second = await fetch(nextLink, { headers: { authorization: `Bearer ${token}` } });
    expect(second.status).toBe(200);
  });

  it('answers forged, expired and wrong-audience tokens with 401 and keeps serving good ones', async () => {
    const bad = [
      await forgeVaultToken(sandbox.context, { user: USERS.officer }),
      await mintVaultToken(sandbox.context, { user: USERS.officer, issuedAtOffset: -86_400 }),
      await mintVaultToken(sandbox.context, { user: USERS.officer, audience: 'api://someone-else' }),
      `${token.slice(0, -4)}AAAA`,
      'Bearer',
    ];
    for (const badToken of bad) {
      const response = await vaultFetch(sandbox, VAULTS.servers, 'GET', '/secrets/dc01-administrator?api-version=7.6', { token: badToken });
      expect(response.status).toBe(401);
      expect(response.json<ErrorBody>().error.code).toBe('Unauthorized');
    }
    const basic = await vaultFetch(sandbox, VAULTS.servers, 'GET', '/secrets?api-version=7.6', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).toBe(401);
  });

  it('answers unknown paths and methods without crashing', async () => {
    expect((await vaultFetch(sandbox, VAULTS.servers, 'GET', '/keys?api-version=7.6', { token })).status).toBe(404);
    expect((await vaultFetch(sandbox, VAULTS.servers, 'POST', '/secrets?api-version=7.6', { token, body: '{}' })).status).toBe(405);
    expect((await vaultFetch(sandbox, VAULTS.servers, 'DELETE', '/secrets/a/b?api-version=7.6', { token })).status).toBe(405);
  });

  it('still serves normal requests after all of the above', async () => {
    expect((await client.getSecret('dc01-administrator')).value).toBe('Copper-Lantern-83#');
    const name = uniqueName('after');
    expect((await client.setSecret(name, 'fine')).value).toBe('fine');
  });
});
