import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { WEB_VAULT } from './certificate-fixtures.js';

/**
 * Over-long request lines and headers get an HTTP answer (414 / 431) instead of a dropped
 * connection, on every origin, and the sandbox keeps serving afterwards.
 */
describe('oversized requests', () => {
  let sandbox: TestSandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('answers a long URL with 414 (and one past the 16 KB parser limit with 431), on every origin', async () => {
    // The managed-identity endpoint (plain http on 127.0.0.1, as IMDS) too.
    for (const origin of [sandbox.info.authority.replace(/\/[^/]*$/, ''), sandbox.context.origins.graph, sandbox.context.origins.vault(WEB_VAULT), sandbox.context.origins.identity]) {
      const medium = await fetch(`${origin}/x?q=${'a'.repeat(10_000)}`);
      expect(medium.status).toBe(414);
      const huge = await fetch(`${origin}/x?q=${'a'.repeat(20_000)}`);
      expect(huge.status).toBe(431);
    }
  });

  it('answers headers beyond the limit with 431 and keeps serving', async () => {
    const origin = sandbox.context.origins.vault(WEB_VAULT);
    const response = await fetch(`${origin}/certificates?api-version=7.6`, { headers: { 'x-padding': 'p'.repeat(20_000) } });
    expect(response.status).toBe(431);
    const after = await fetch(`${origin}/certificates?api-version=7.6`);
    expect(after.status).toBe(401);
    // The managed-identity endpoint answered this by dropping the connection.
    const imds = await fetch(`${sandbox.context.origins.identity}/metadata/identity/oauth2/token`, { headers: { 'x-padding': 'p'.repeat(20_000) } });
    expect(imds.status).toBe(431);
  });
});
