import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { RequestLogEntry } from '../../sandbox/http/request-log.js';

type ErrorBody = { error: { code: string; message: string } };
type Rule = { id: string; kind: string; remaining: number | null };

let sandbox: TestSandbox;
let vaultA: string;
let vaultB: string;
let vaultNameA: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const [a, b] = sandbox.info.vaults;
  vaultA = a!.url;
  vaultB = b!.url;
  vaultNameA = a!.name;
});

afterAll(async () => {
  await sandbox?.close();
});

beforeEach(async () => {
  await sandbox.admin('DELETE', '/faults');
  await sandbox.admin('PUT', '/latency', { entra: 0, graph: 0, vault: 0 });
});

/** One request per service, as the app's SDKs would make them (routes may not exist yet: any status will do). */
const targets = {
  vault: () => `${vaultA}/secrets?api-version=7.5`,
  graph: () => `${sandbox.info.graph}/v1.0/me`,
  entra: () => `${sandbox.info.authority}/v2.0/.well-known/openid-configuration`,
};

async function timed(url: string): Promise<{ status: number; ms: number; headers: Headers; body: string }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  return { status: response.status, ms: performance.now() - started, headers: response.headers, body };
}

describe('fault rules', () => {
  it('`every` applies a rule to every Nth matching request only (a steady 5 % of throttling with every: 20)', async () => {
    await sandbox.admin('POST', '/faults', { service: 'vault', kind: 'status', status: 429, retryAfterSeconds: 1, every: 4 });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await timed(targets.vault())).status);
    expect(statuses.map((s) => s === 429)).toEqual([false, false, false, true, false, false, false, true]);
  });

  it('adds, lists and removes rules by id and all at once', async () => {
    const first = await sandbox.admin<Rule>('POST', '/faults', { service: 'vault', kind: 'status', status: 503 });
    expect(first.status).toBe(201);
    expect(first.body.id).toMatch(/^[0-9a-f-]{36}$/);
    await sandbox.admin('POST', '/faults', { service: 'graph', kind: 'reset', count: 1 });
    expect((await sandbox.admin<{ rules: Rule[] }>('GET', '/faults')).body.rules).toHaveLength(2);
    expect((await sandbox.admin('DELETE', `/faults/${first.body.id}`)).status).toBe(200);
    expect((await sandbox.admin<{ rules: Rule[] }>('GET', '/faults')).body.rules.map((r) => r.kind)).toEqual(['reset']);
    expect((await sandbox.admin<ErrorBody>('DELETE', `/faults/${first.body.id}`)).status).toBe(404);
    expect((await sandbox.admin<{ removed: number }>('DELETE', '/faults')).body.removed).toBe(1);
    expect((await sandbox.admin<{ rules: Rule[] }>('GET', '/faults')).body.rules).toEqual([]);
  });

  it.each([
    [{ kind: 'explode' }, 'body.kind'],
    [{ kind: 'status', status: 200 }, 'body.status'],
    [{ kind: 'latency' }, 'body.latencyMs'],
    [{ kind: 'latency', latencyMs: -5 }, 'body.latencyMs'],
    [{ kind: 'status', service: 'dns' }, 'body.service'],
    [{ kind: 'status', path: '([unclosed' }, 'body.path'],
    [{ kind: 'status', count: 0 }, 'body.count'],
    [{ kind: 'status', service: 'graph', vault: 'kv-x' }, 'body.vault'],
    [{ kind: 'status', service: 'vault', vault: 'kv-does-not-exist' }, 'body.vault'],
    [{ kind: 'status', retryAfter: 5 }, 'body.retryAfter'],
  ])('refuses %j naming %s', async (rule, field) => {
    const { status, body } = await sandbox.admin<ErrorBody>('POST', '/faults', rule);
    expect(status).toBe(400);
    expect(body.error.message).toContain(field);
    expect((await sandbox.admin<{ rules: Rule[] }>('GET', '/faults')).body.rules).toEqual([]);
  });

  it.each(['vault', 'graph', 'entra'] as const)('injects a 429 with Retry-After into a %s request, for `count` requests only', async (service) => {
    const normal = await timed(targets[service]());
    expect(normal.status).not.toBe(429);
    await sandbox.admin('POST', '/faults', { service, kind: 'status', status: 429, retryAfterSeconds: 7, count: 2 });
    for (let i = 0; i < 2; i += 1) {
      const throttled = await timed(targets[service]());
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('7');
      expect(throttled.headers.get('content-type')).toMatch(/^application\/json/);
      expect(() => JSON.parse(throttled.body)).not.toThrow();
    }
    expect((await timed(targets[service]())).status).toBe(normal.status);
  });

  it('injects a 429 without Retry-After in Key Vault\'s error shape', async () => {
    await sandbox.admin('POST', '/faults', { service: 'vault', kind: 'status', status: 429 });
    const response = await timed(targets.vault());
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeNull();
    expect((JSON.parse(response.body) as ErrorBody).error.code).toBe('Throttled');
  });

  it.each(['vault', 'graph', 'entra'] as const)('injects a 503 into a %s request', async (service) => {
    await sandbox.admin('POST', '/faults', { service, kind: 'status', status: 503, count: 1 });
    const response = await timed(targets[service]());
    expect(response.status).toBe(503);
    expect(response.body).toMatch(/unavailable/i);
  });

  it('limits a rule to one vault, one method and a path pattern', async () => {
    await sandbox.admin('POST', '/faults', { service: 'vault', vault: vaultNameA, method: 'GET', path: '^/secrets/only-this', kind: 'status', status: 503 });
    expect((await timed(`${vaultA}/secrets/only-this?api-version=7.5`)).status).toBe(503);
    expect((await timed(`${vaultB}/secrets/only-this?api-version=7.5`)).status).not.toBe(503);
    expect((await timed(`${vaultA}/secrets/other?api-version=7.5`)).status).not.toBe(503);
    const put = await fetch(`${vaultA}/secrets/only-this?api-version=7.5`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"value":"x"}' });
    await put.text();
    expect(put.status).not.toBe(503);
  });

  it.each(['vault', 'graph', 'entra'] as const)('resets the connection of a %s request', async (service) => {
    await sandbox.admin('POST', '/faults', { service, kind: 'reset', count: 1 });
    await expect(fetch(targets[service]())).rejects.toThrow();
    // Only one request was reset; the origin still serves.
    expect((await timed(targets[service]())).status).toBeGreaterThanOrEqual(200);
  });

  it.each(['vault', 'graph', 'entra'] as const)('adds rule latency to a %s request', async (service) => {
    const baseline = await timed(targets[service]());
    await sandbox.admin('POST', '/faults', { service, kind: 'latency', latencyMs: 400, count: 1 });
    const slow = await timed(targets[service]());
    expect(slow.ms).toBeGreaterThanOrEqual(380);
    expect(slow.status).toBe(baseline.status);
  });

  it('sets a base latency per service and leaves the others alone', async () => {
    const { status, body } = await sandbox.admin<Record<string, number>>('PUT', '/latency', { vault: 300 });
    expect(status).toBe(200);
    expect(body).toEqual({ entra: 0, graph: 0, vault: 300 });
    expect((await timed(targets.vault())).ms).toBeGreaterThanOrEqual(280);
    expect((await timed(targets.graph())).ms).toBeLessThan(280);
    expect((await sandbox.admin<ErrorBody>('PUT', '/latency', { vault: -1 })).body.error.message).toContain('body.vault');
    expect((await sandbox.admin<ErrorBody>('PUT', '/latency', { keyvault: 10 })).body.error.message).toContain('body.keyvault');
  });

  it('never applies faults to the admin API itself', async () => {
    await sandbox.admin('POST', '/faults', { kind: 'reset' });
    expect((await sandbox.admin('GET', '/health')).status).toBe(200);
  });
});

describe('request log', () => {
  it('records method, path, status and fault, without query values, bodies or tokens', async () => {
    await sandbox.admin('DELETE', '/requests');
    const marker = 'Sup3rSecretQueryValue';
    await (await fetch(`${vaultA}/secrets/db-root?api-version=7.5&sig=${marker}`, { headers: { authorization: `Bearer TokenMarker${marker}` } })).text();
    await (await fetch(`${sandbox.info.authority}/oauth2/v2.0/authorize?client_id=x&code_challenge=${marker}&login_hint=${marker}`)).text();
    await (
      await fetch(`${sandbox.info.authority}/oauth2/v2.0/token?x=${marker}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=password&password=${marker}`,
      })
    ).text();
    await sandbox.admin('POST', '/faults', { service: 'graph', kind: 'status', status: 503, count: 1 });
    await (await fetch(`${sandbox.info.graph}/v1.0/me?$select=${marker}`)).text();

    const response = await fetch(`${sandbox.info.admin.url}/requests`, { headers: { 'x-sandbox-admin-key': sandbox.info.admin.key } });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain(marker);
    expect(text).not.toContain('?');
    const log = JSON.parse(text) as { entries: RequestLogEntry[]; next: number };
    expect(log.entries.map((e) => `${e.service} ${e.method} ${e.path}`)).toEqual(
      expect.arrayContaining([
        'vault GET /secrets/db-root',
        `entra GET /${sandbox.info.tenantId}/oauth2/v2.0/authorize`,
        `entra POST /${sandbox.info.tenantId}/oauth2/v2.0/token`,
        'graph GET /v1.0/me',
      ]),
    );
    const faulted = log.entries.find((e) => e.service === 'graph');
    expect(faulted).toMatchObject({ status: 503, fault: 'status:503' });
    expect(log.entries.find((e) => e.service === 'vault')?.vault).toBe(vaultNameA);
  });

  it('reads incrementally with ?since and clears', async () => {
    await sandbox.admin('DELETE', '/requests');
    await (await fetch(targets.graph())).text();
    const first = await sandbox.admin<{ entries: RequestLogEntry[]; next: number }>('GET', '/requests');
    await (await fetch(targets.vault())).text();
    const later = await sandbox.admin<{ entries: RequestLogEntry[] }>('GET', `/requests?since=${first.body.next}`);
    // Admin calls are logged too (each when its response closes); only the vault call is new here.
    expect(later.body.entries.filter((e) => e.service !== 'admin').map((e) => e.service)).toEqual(['vault']);
    const bad = await sandbox.admin<ErrorBody>('GET', '/requests?since=-1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('query.since');
    expect((await sandbox.admin('DELETE', '/requests')).status).toBe(200);
    expect(sandbox.context.log.list().entries.filter((e) => e.service !== 'admin')).toEqual([]);
  });
});
