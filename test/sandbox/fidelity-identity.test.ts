import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { DeviceCodeCredential, InteractiveBrowserCredential, UsernamePasswordCredential } from '@azure/identity';
import { SecretClient, type SecretClientOptions } from '@azure/keyvault-secrets';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browseSignIn, completeDeviceCode, decodeJwtPayload } from '../helpers/msal.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { uniqueName, USERS, VAULTS } from './keyvault-fixtures.js';

/**
 * @azure/identity 4.14 credentials against the sandbox's Entra. The only configuration that differs
 * from production is `authorityHost` (the sandbox origin) and `disableInstanceDiscovery: true`.
 * Each credential gets Key Vault tokens through SecretClient's challenge and Graph tokens through
 * the Graph client's TokenCredentialAuthenticationProvider.
 *
 * InteractiveBrowserCredential opens the browser with the `open` package, which on a headless Linux
 * box runs xdg-open, which runs `$BROWSER`. The test points `$BROWSER` at a one-line script that
 * hands the URL back to this process. Here the sign-in pages are played over HTTP, as
 * test/helpers/msal.ts does for msal-node.
 */

const KV_SCOPE = 'https://vault.azure.net/.default';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

describe('@azure/identity credentials against the sandbox Entra', () => {
  let sandbox: TestSandbox;
  let authorityHost: string;
  let sara: { username: string; password: string; oid: string };

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    authorityHost = new URL(sandbox.info.authority).origin;
    sara = sandbox.info.users.find((u) => u.username === USERS.officer && u.tenantId === sandbox.info.tenantId)!;
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  function common(): { tenantId: string; clientId: string; authorityHost: string; disableInstanceDiscovery: true } {
    return { tenantId: sandbox.info.tenantId, clientId: sandbox.info.clientId, authorityHost, disableInstanceDiscovery: true };
  }

  function vaultClient(credential: TokenCredential, options: SecretClientOptions = {}): SecretClient {
    return new SecretClient(sandbox.context.origins.vault(VAULTS.servers), credential, { disableChallengeResourceVerification: true, ...options });
  }

  function graph(credential: TokenCredential): Client {
    return Client.initWithMiddleware({
      baseUrl: sandbox.info.graph,
      customHosts: new Set(['localhost']),
      authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] }),
    });
  }

  /** Key Vault round trip (challenge → token for the vault tenant) and Graph /me with one credential. */
  async function useEverywhere(credential: TokenCredential): Promise<void> {
    const client = vaultClient(credential);
    const name = uniqueName('identity');
    await client.setSecret(name, 'from-identity');
    expect((await client.getSecret(name)).value).toBe('from-identity');
    const me = (await graph(credential).api('/me').get()) as Record<string, unknown>;
    expect(me).toMatchObject({ id: sara.oid, userPrincipalName: sara.username });
    expect(me['@odata.context']).toBe(`${sandbox.info.graph}/v1.0/$metadata#users/$entity`);
  }

  it('UsernamePasswordCredential (ROPC) gets Key Vault and Graph tokens', async () => {
    const credential = new UsernamePasswordCredential(sandbox.info.tenantId, sandbox.info.clientId, sara.username, sara.password, {
      authorityHost,
      disableInstanceDiscovery: true,
    });
    const token = await credential.getToken(KV_SCOPE);
    expect(decodeJwtPayload(token.token)).toMatchObject({ aud: 'https://vault.azure.net', oid: sara.oid, tid: sandbox.info.tenantId });
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now());
    await useEverywhere(credential);
  });

  it('DeviceCodeCredential shows the code through userPromptCallback and finishes once the page is completed', async () => {
    const prompts: { verificationUri: string; message: string }[] = [];
    const credential = new DeviceCodeCredential({
      ...common(),
      userPromptCallback: (info) => {
        prompts.push({ verificationUri: info.verificationUri, message: info.message });
        void completeDeviceCode(info.verificationUri, info.userCode, sara);
      },
    });
    await useEverywhere(credential);
    expect(prompts.length).toBeGreaterThan(0);
    for (const prompt of prompts) {
      expect(new URL(prompt.verificationUri).origin).toBe(authorityHost);
      expect(prompt.message).toContain(prompt.verificationUri);
    }
  });

  describe('InteractiveBrowserCredential (msal-node loopback, browser opened through open → xdg-open → $BROWSER)', () => {
    let hook: Server;
    let scriptDir: string;
    const opened: string[] = [];
    const failures: unknown[] = [];
    const saved: Record<string, string | undefined> = {};

    beforeAll(async () => {
      hook = createServer((req, res) => {
        let url = '';
        req.on('data', (chunk: Buffer) => (url += chunk.toString()));
        req.on('end', () => {
          opened.push(url);
          res.writeHead(204).end();
          browseSignIn(url, sara).catch((error: unknown) => failures.push(error));
        });
      });
      await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
      const port = (hook.address() as { port: number }).port;
      scriptDir = mkdtempSync(join(tmpdir(), 'jit-vault-browser-'));
      const script = join(scriptDir, 'browser.sh');
      writeFileSync(
        script,
        `#!/bin/sh\nexec "${process.execPath}" -e 'fetch("http://127.0.0.1:${port}/", { method: "POST", body: process.argv[1] }).then(() => process.exit(0), () => process.exit(1))' "$1"\n`,
      );
      chmodSync(script, 0o755);
      for (const key of ['BROWSER', 'DISPLAY', 'WAYLAND_DISPLAY', 'XDG_CURRENT_DESKTOP', 'KDE_FULL_SESSION', 'GNOME_DESKTOP_SESSION_ID']) saved[key] = process.env[key];
      for (const key of ['DISPLAY', 'WAYLAND_DISPLAY', 'XDG_CURRENT_DESKTOP', 'KDE_FULL_SESSION', 'GNOME_DESKTOP_SESSION_ID']) delete process.env[key];
      process.env.BROWSER = script;
    });
    afterAll(async () => {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await new Promise((resolve) => hook?.close(resolve));
      if (scriptDir) rmSync(scriptDir, { recursive: true, force: true });
    });

    it('signs in on the sandbox page and gets Key Vault and Graph tokens', async () => {
      const credential = new InteractiveBrowserCredential({ ...common(), redirectUri: 'http://localhost' });
      await useEverywhere(credential);
      expect(failures).toEqual([]);
      expect(opened.length).toBeGreaterThan(0);
      for (const url of opened) {
        const authorize = new URL(url);
        expect(`${authorize.origin}${authorize.pathname}`).toBe(`${authorityHost}/${sandbox.info.tenantId}/oauth2/v2.0/authorize`);
        expect(authorize.searchParams.get('response_mode')).toBe('form_post');
        expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      }
    });
  });

  describe('SecretClient serviceVersions with an identity credential', () => {
    let credential: TokenCredential;
    beforeAll(() => {
      credential = new UsernamePasswordCredential(sandbox.info.tenantId, sandbox.info.clientId, sara.username, sara.password, { authorityHost, disableInstanceDiscovery: true });
    });

    it.each(['7.0', '7.2', '7.4', '7.5', '7.6', '2025-07-01'] as const)('%s: challenge, set, get, list, delete', async (serviceVersion) => {
      const wire: string[] = [];
      const record: PipelinePolicy = {
        name: 'recordWire',
        async sendRequest(request, next) {
          const response = await next(request);
          wire.push(`${request.method} ${new URL(request.url).searchParams.get('api-version')} ${response.status}`);
          return response;
        },
      };
      const client = vaultClient(credential, { serviceVersion, additionalPolicies: [{ policy: record, position: 'perRetry' }] });
      const name = uniqueName(`v${serviceVersion.replace(/\./g, '')}`);
      const set = await client.setSecret(name, 'versioned', { contentType: 'text/plain' });
      expect(set.properties).toMatchObject({ name, contentType: 'text/plain', enabled: true });
      expect((await client.getSecret(name)).value).toBe('versioned');
      const names: string[] = [];
      for await (const page of client.listPropertiesOfSecrets().byPage({ maxPageSize: 3 })) names.push(...page.map((p) => p.name));
      expect(names).toContain(name);
      const deleted = await (await client.beginDeleteSecret(name, { intervalInMs: 10 })).pollUntilDone();
      expect(deleted).toMatchObject({ name, recoveryId: `${sandbox.context.origins.vault(VAULTS.servers)}/deletedsecrets/${name}` });
      // The first request meets the challenge; every later one (nextLinks included) carries this serviceVersion and succeeds.
      expect(wire[0]).toBe(`PUT ${serviceVersion} 401`);
      expect(wire.slice(1).filter((w) => w.startsWith('GET ')).length, wire.join('\n')).toBeGreaterThanOrEqual(3);
      expect(wire.slice(1).every((w) => w.endsWith(' 200') && w.includes(` ${serviceVersion} `)), wire.join('\n')).toBe(true);
    });
  });
});
