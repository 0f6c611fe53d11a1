import { SecretClient } from '@azure/keyvault-secrets';
import type { AccountInfo, PublicClientApplication } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { createTestMsalApp, msalTokenCredential, signInWithPassword } from '../helpers/msal.js';
import { activation, CONTOSO, graphClient, GRAPH_SCOPES, PIM } from './graph-test-kit.js';

const VAULT = 'kv-contoso-network';
const SECRET = 'fw-edge-01-admin';

/**
 * The scenario JIT Vault exists for, end to end through the official SDKs: Key Vault refuses a user
 * whose token predates the PIM activation (the groups claim is a snapshot), and serves the secret once
 * the activation has propagated and the app force-refreshes its Key Vault token.
 */
describe('PIM activation unlocks Key Vault (Graph JS client + msal-node + @azure/keyvault-secrets)', () => {
  let sandbox: TestSandbox;
  let app: PublicClientApplication;
  let account: AccountInfo;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { propagationDelaySeconds: 5, minimumActivationSeconds: 300 } });
    app = createTestMsalApp(sandbox.info);
    account = (await signInWithPassword(app, CONTOSO.alex.username, CONTOSO.alex.password, GRAPH_SCOPES)).account!;
  });
  afterAll(async () => sandbox?.close());

  const vault = (forceRefresh: boolean) =>
    new SecretClient(sandbox.context.origins.vault(VAULT), msalTokenCredential(app, account, { forceRefresh }), { disableChallengeResourceVerification: true });

  it('403 ForbiddenByRbac before activation; after activation and propagation a force-refreshed token reads the secret', async () => {
    const stale = vault(false);
    await expect(stale.getSecret(SECRET)).rejects.toMatchObject({ statusCode: 403, code: 'Forbidden', details: { error: { innerError: { code: 'ForbiddenByRbac' } } } });

    const graph = graphClient(sandbox.info, async () => (await app.acquireTokenSilent({ account, scopes: GRAPH_SCOPES })).accessToken);
    const request = await graph.api(`${PIM}/assignmentScheduleRequests`).post(activation(CONTOSO.alex.oid, CONTOSO.network, { ticketNumber: 'INC-4711', duration: 'PT1H' }));
    expect(request.status).toBe('Provisioned');

    // Before the membership propagates, even a fresh token does not carry the group.
    await expect(vault(true).getSecret(SECRET)).rejects.toMatchObject({ statusCode: 403 });
    sandbox.context.clock.advance(5_000);
    // The cached Key Vault token still holds the old groups snapshot...
    await expect(vault(false).getSecret(SECRET)).rejects.toMatchObject({ statusCode: 403 });
    // ...a force-refreshed one carries the group: Key Vault answers.
    const secret = await vault(true).getSecret(SECRET);
    expect(secret.name).toBe(SECRET);
    expect(typeof secret.value).toBe('string');

    await sandbox.admin('POST', `/pim/assignments/${request.targetScheduleId}/revoke`);
    await expect(vault(true).getSecret(SECRET)).rejects.toMatchObject({ statusCode: 403 });
  });
});
