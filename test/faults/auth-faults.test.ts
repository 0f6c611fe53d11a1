import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResource } from '../../main/services/ports/token-provider.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { appPaths, DEMO, startApp, type AppHarness } from './app-harness.js';
import { canaryValue, filesUnder, plantSecret, scanFiles, TokenCapture } from './leak-scan.js';

/**
 * Token faults against the composed app core: an access token that expires while its request is in
 * flight (Key Vault and Graph), and refresh tokens revoked by an administrator — the app asks for a
 * sign-in, keeps everything it had (names, favourites, journal, followed requests) and picks up
 * where it was once the user signs in again.
 */

const VAULT = DEMO.network.vault;
const SECRET = 'auth-fault-canary';
const SKEW_SECONDS = 300; // the sandbox, like Entra-protected APIs, accepts 5 minutes of clock skew

describe('token faults through the app core', () => {
  let sandbox: TestSandbox;
  let app: AppHarness;
  let dir: string;
  let accountId: string;
  const canary = canaryValue();
  const tokens = new TokenCapture();

  /** Resolves when AuthService next hands out a token for `resource`. */
  const nextToken = (resource: TokenResource) =>
    new Promise<void>((resolve) => {
      const original = app.core.auth.getAccessToken;
      app.core.auth.getAccessToken = async (...args) => {
        const token = await original.apply(app.core.auth, args);
        if (args[1] === resource) {
          app.core.auth.getAccessToken = original;
          resolve();
        }
        return token;
      };
    });

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { propagationDelaySeconds: 1 } });
    await plantSecret(sandbox.info, DEMO.officer, VAULT, SECRET, canary);
    dir = mkdtempSync(join(tmpdir(), 'jit-vault-faults-auth-'));
    app = await startApp({ sandbox: () => ({ info: sandbox.info, seed: sandbox.context.store.data }), dir });
    tokens.watchAuth(app.core.auth);
    accountId = await app.signIn();
    await app.core.settled();
    const { requestId } = await app.core.pim.activate({ accountId, groupId: DEMO.network.groupId, justification: 'Fault injection: tokens', durationMinutes: 120, ticketNumber: 'FAULT-2' });
    await app.waitForPhase(requestId, 'Ready');
    await app.core.vault.refresh([VAULT]);
  });
  afterEach(async () => {
    await sandbox.admin('DELETE', '/faults');
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a Key Vault token that expires while the request is in flight: explained, and trying again works without a new sign-in', async () => {
    // Short-lived tokens from now on; the app's next vault token is one of them.
    expect((await sandbox.admin('PATCH', '/settings', { accessTokenLifetimeSeconds: 60 })).status).toBe(200);
    await app.core.session.lock('all', 'manual');
    const seen = app.activations.length;
    await app.core.reopenAccess();
    await waitUntil(() => app.activations.slice(seen).some((e) => e.phase === 'Ready') && app.core.session.isUnlocked(VAULT));
    await fault({ service: 'vault', vault: VAULT, method: 'GET', path: `^/secrets/${SECRET}`, kind: 'latency', latencyMs: 1500, count: 1 });
    const issued = nextToken('vault');
    const copy = app.core.vault.copy({ vault: VAULT, name: SECRET }).then(
      () => undefined,
      (error: { code: string; message: string }) => error,
    );
    await issued;
    // While the request waits in the network, the token's lifetime and the allowed skew pass.
    await sandbox.admin('POST', '/clock/advance', { seconds: 60 + SKEW_SECONDS + 30 });
    const failure = await copy;
    if (failure) {
      // Known limit (reported): Key Vault's SDK does not retry a 401 "TokenExpired" once the
      // challenge is complete, and the message asks for a sign-in that is not needed.
      expect(failure.message).toContain(VAULT);
      expect(app.clipboard.current()).toBe('');
      await app.core.vault.copy({ vault: VAULT, name: SECRET });
    }
    expect(app.clipboard.current()).toBe(canary);
    const log = (await sandbox.admin<{ entries: { service: string; path: string; status: number }[] }>('GET', '/requests')).body.entries;
    expect(log.some((e) => e.service === 'vault' && e.path.startsWith(`/secrets/${SECRET}`) && e.status === 401)).toBe(true);
  });

  it('a Graph token that expires while a request is in flight: explained, and trying again works without a new sign-in', async () => {
    app.core.auth.dropAccessTokens(accountId, 'graph');
    await fault({ service: 'graph', method: 'GET', path: 'eligibilityScheduleInstances', kind: 'latency', latencyMs: 1500, count: 1 });
    const issued = nextToken('graph');
    const groups = app.core.pim.eligibleGroups(accountId);
    await issued;
    await sandbox.admin('POST', '/clock/advance', { seconds: 60 + SKEW_SECONDS + 30 });
    const result = await groups.then(
      (list) => ({ ok: true as const, list }),
      (error: { code: string; message: string }) => ({ ok: false as const, error }),
    );
    if (result.ok) {
      expect(result.list.map((g) => g.displayName)).toContain('PIM-Helpdesk-Network');
    } else {
      // Known limit (reported): a Graph 401 reads as "sign in again" (interaction-required), though
      // the refresh token is fine — a retry (the UI's "try again") works without a new sign-in.
      expect(result.error.message).toMatch(/sign in|try again/i);
      expect((await app.core.pim.eligibleGroups(accountId)).map((g) => g.displayName)).toContain('PIM-Helpdesk-Network');
    }
  });

  it('refresh tokens revoked by an administrator: a sign-in prompt, nothing lost, and everything resumes after signing in again', async () => {
    await app.core.vault.setFavourite({ vault: VAULT, name: SECRET }, true);
    const favouritesBefore = readFileSync(appPaths(dir).favouritesFile, 'utf8');
    const journalBefore = (await app.core.journal.read()).length;
    const helpdesk = sandbox.info.users.find((u) => u.username === DEMO.helpdesk && u.tenantId === sandbox.info.tenantId)!;
    expect((await sandbox.admin('POST', `/tenants/${sandbox.info.tenantId}/users/${helpdesk.oid}/revoke-sessions`)).status).toBe(200);

    // Access tokens already issued stay valid until they expire (as in Entra); model that hour passing
    // by dropping the ones in memory. Access locks and re-opens without the user (here after a clock
    // jump): that needs fresh tokens, which the revoked session cannot give. (After a lock the user
    // caused, re-opening first asks for an interactive sign-in — presence, docs/security.md — which
    // would start a new session instead.)
    app.core.auth.dropAccessTokens(accountId, 'graph');
    app.core.auth.dropAccessTokens(accountId, 'vault');
    await app.core.session.lock('all', 'clock-jump');
    await app.core.reopenAccess();
    expect(app.core.session.isUnlocked(VAULT)).toBe(false);
    const refused = await app.core.pim.eligibleGroups(accountId).then(
      () => undefined,
      (error: { code: string; message: string }) => error,
    );
    // The prompt: the code is the sign-in one (PimGraphApi recovers AuthService's typed error, which
    // the Graph client would otherwise reduce to a message), so the UI offers its "Sign in" button.
    expect(['not-signed-in', 'interaction-required']).toContain(refused?.code);
    expect(refused?.message).toMatch(/not signed in.*sign in again/i);

    // Nothing lost: the account is still known (the UI offers "Sign in again"), names stay searchable,
    // favourites and journal are intact.
    expect((await app.core.auth.accounts()).map((a) => a.accountId)).toContain(accountId);
    expect(app.core.vault.searchHits(SECRET).hits[0]?.item).toMatchObject({ name: SECRET, locked: true, favourite: true });
    expect(readFileSync(appPaths(dir).favouritesFile, 'utf8')).toBe(favouritesBefore);
    expect((await app.core.journal.read()).length).toBeGreaterThanOrEqual(journalBefore);
    expect((await app.core.journal.verify()).ok).toBe(true);

    // Signing in again re-opens the activation still in force.
    const readyBefore = app.activations.filter((e) => e.phase === 'Ready').length;
    await app.signIn();
    await waitUntil(() => app.activations.filter((e) => e.phase === 'Ready').length > readyBefore && app.core.session.isUnlocked(VAULT));
    await app.core.vault.copy({ vault: VAULT, name: SECRET });
    expect(app.clipboard.current()).toBe(canary);
  });

  it('never writes the canary value or a token to the app files', () => {
    expect(tokens.accessTokens.size).toBeGreaterThan(2);
    expect(scanFiles(filesUnder([dir]), [{ label: 'canary', value: canary }, ...tokens.needles()])).toEqual([]);
  });

  async function fault(rule: Record<string, unknown>) {
    expect((await sandbox.admin('POST', '/faults', rule)).status).toBe(201);
  }

  async function waitUntil(check: () => boolean, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out; activation phases: ${app.activations.map((e) => `${e.phase}${e.errorCode ? `(${e.errorCode})` : ''}`).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
});
