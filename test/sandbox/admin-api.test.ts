import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

type ErrorBody = { error: { code: string; message: string } };

let sandbox: TestSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});

afterAll(async () => {
  await sandbox?.close();
});

/** An admin call with full control over headers and the raw body. */
async function raw(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) {
  const response = await fetch(`${sandbox.info.admin.url}${path}`, { method, headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: (text ? JSON.parse(text) : undefined) as ErrorBody };
}

const key = () => sandbox.info.admin.key;

describe('admin key', () => {
  it('refuses a request without the key with a 401 JSON error', async () => {
    const response = await raw('GET', '/health');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.json.error.code).toBe('Unauthorized');
  });

  it('refuses a wrong key, a key of another length and an empty bearer, on every route', async () => {
    const wrong = key().replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const attempts: Record<string, string>[] = [{ 'x-sandbox-admin-key': wrong }, { 'x-sandbox-admin-key': `${key()}x` }, { authorization: 'Bearer ' }, { authorization: `Basic ${key()}` }];
    for (const headers of attempts) {
      expect((await raw('GET', '/health', { headers })).status).toBe(401);
      expect((await raw('POST', '/clock/advance', { headers: { ...headers, 'content-type': 'application/json' }, body: '{"seconds":10}' })).status).toBe(401);
      // Unknown routes answer 401 too, so the key guards even the route list.
      expect((await raw('GET', '/no-such-route', { headers })).status).toBe(401);
    }
  });

  it('does not act on an unauthenticated request', async () => {
    const before = (await sandbox.admin<{ epochMs: number; offsetMs: number }>('GET', '/clock')).body.offsetMs;
    await raw('POST', '/clock/advance', { headers: { 'content-type': 'application/json' }, body: '{"seconds":3600}' });
    expect((await sandbox.admin<{ offsetMs: number }>('GET', '/clock')).body.offsetMs).toBe(before);
  });

  it('accepts the key as x-sandbox-admin-key or as Authorization: Bearer', async () => {
    expect((await raw('GET', '/health', { headers: { 'x-sandbox-admin-key': key() } })).status).toBe(200);
    expect((await raw('GET', '/health', { headers: { authorization: `Bearer ${key()}` } })).status).toBe(200);
  });
});

describe('health and unknown routes', () => {
  it('reports health with the sandbox time', async () => {
    const { status, body } = await sandbox.admin<{ status: string; time: string }>('GET', '/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(Date.parse(body.time)).not.toBeNaN();
  });

  it('answers 404 for an unknown route and 405 for a wrong method, as JSON', async () => {
    const missing = await sandbox.admin<ErrorBody>('GET', '/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NotFound');
    const wrongMethod = await sandbox.admin<ErrorBody>('DELETE', '/health');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body.error.code).toBe('MethodNotAllowed');
  });
});

describe('settings', () => {
  it('returns every settings field', async () => {
    const { status, body } = await sandbox.admin<Record<string, unknown>>('GET', '/settings');
    expect(status).toBe(200);
    for (const field of ['propagationDelaySeconds', 'minimumActivationSeconds', 'accessTokenLifetimeSeconds', 'vaultRequestsPer10Seconds', 'softDeletePropagationPolls', 'refreshTokenLifetimeSeconds']) {
      expect(body).toHaveProperty(field);
    }
  });

  it('applies a patch to the live settings and persists it', async () => {
    const patch = {
      propagationDelaySeconds: 42,
      minimumActivationSeconds: 60,
      accessTokenLifetimeSeconds: { min: 600, max: 900 },
      refreshTokenLifetimeSeconds: 86_400,
      vaultRequestsPer10Seconds: 7,
      vaultThrottleRetryAfterSeconds: 3,
      softDeletePropagationPolls: 2,
    };
    const { status, body } = await sandbox.admin('PATCH', '/settings', patch);
    expect(status).toBe(200);
    expect(body).toMatchObject(patch);
    expect(sandbox.context.store.data.settings).toMatchObject(patch);
    sandbox.context.store.flush();
    const persisted = JSON.parse(readFileSync(join(sandbox.stateDir, 'state.json'), 'utf8')) as { data: { settings: unknown } };
    expect(persisted.data.settings).toMatchObject(patch);
  });

  it('clears the throttling Retry-After with null and takes a fixed token lifetime as a number', async () => {
    await sandbox.admin('PATCH', '/settings', { vaultThrottleRetryAfterSeconds: 5 });
    const { body } = await sandbox.admin<Record<string, unknown>>('PATCH', '/settings', { vaultThrottleRetryAfterSeconds: null, accessTokenLifetimeSeconds: 120 });
    expect(body).not.toHaveProperty('vaultThrottleRetryAfterSeconds');
    expect(sandbox.context.store.data.settings.vaultThrottleRetryAfterSeconds).toBeUndefined();
    expect(sandbox.context.store.data.settings.accessTokenLifetimeSeconds).toEqual({ min: 120, max: 120 });
  });

  it.each([
    [{ propagationDelaySeconds: -1 }, 'body.propagationDelaySeconds'],
    [{ minimumActivationSeconds: 'soon' }, 'body.minimumActivationSeconds'],
    [{ accessTokenLifetimeSeconds: { min: 900, max: 600 } }, 'body.accessTokenLifetimeSeconds'],
    [{ vaultRequestsPer10Seconds: 0 }, 'body.vaultRequestsPer10Seconds'],
    [{ vaultThrottleRetryAfterSeconds: 1.5 }, 'body.vaultThrottleRetryAfterSeconds'],
    [{ softDeletePropagationPolls: -3 }, 'body.softDeletePropagationPolls'],
    [{ authorityPort: 9999 }, 'body.authorityPort'],
    [{ propagationDelay: 5 }, 'body.propagationDelay'],
    [[1, 2], 'body'],
  ])('refuses %j naming %s, and changes nothing', async (patch, field) => {
    const before = JSON.stringify(sandbox.context.store.data.settings);
    const { status, body } = await sandbox.admin<ErrorBody>('PATCH', '/settings', patch);
    expect(status).toBe(400);
    expect(body.error.code).toBe('ValidationFailed');
    expect(body.error.message).toContain(field);
    expect(JSON.stringify(sandbox.context.store.data.settings)).toBe(before);
  });

  it('refuses malformed JSON, a non-JSON content type and an oversized body', async () => {
    const headers = { 'x-sandbox-admin-key': key(), 'content-type': 'application/json' };
    const malformed = await raw('PATCH', '/settings', { headers, body: '{"propagationDelaySeconds": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe('InvalidJson');
    const wrongType = await raw('PATCH', '/settings', { headers: { ...headers, 'content-type': 'text/plain' }, body: '{"propagationDelaySeconds": 1}' });
    expect(wrongType.status).toBe(415);
    expect(wrongType.json.error.message).toContain('content-type');
    const huge = await raw('PATCH', '/settings', { headers, body: JSON.stringify({ propagationDelaySeconds: 1, pad: 'x'.repeat(200_000) }) });
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe('PayloadTooLarge');
    // The connection and the router are still fine afterwards.
    expect((await sandbox.admin('GET', '/health')).status).toBe(200);
  });
});

describe('clock', () => {
  it('moves forward by seconds or ms, and the sandbox clock follows', async () => {
    const start = await sandbox.admin<{ epochMs: number; offsetMs: number; now: string }>('GET', '/clock');
    expect(start.status).toBe(200);
    const bySeconds = await sandbox.admin<{ offsetMs: number; epochMs: number }>('POST', '/clock/advance', { seconds: 3600 });
    expect(bySeconds.status).toBe(200);
    expect(bySeconds.body.offsetMs).toBe(start.body.offsetMs + 3_600_000);
    expect(bySeconds.body.epochMs - start.body.epochMs).toBeGreaterThanOrEqual(3_600_000);
    const byMs = await sandbox.admin<{ offsetMs: number }>('POST', '/clock/advance', { ms: 1500 });
    expect(byMs.body.offsetMs).toBe(start.body.offsetMs + 3_601_500);
    expect(sandbox.context.clock.offset).toBe(byMs.body.offsetMs);
  });

  it.each([
    [{ seconds: -10 }, 'body.seconds'],
    [{ ms: 0 }, 'body.ms'],
    [{}, 'body.seconds'],
    [{ seconds: 1, ms: 1 }, 'body.seconds'],
    [{ seconds: '60' }, 'body.seconds'],
    [{ minutes: 5 }, 'body.minutes'],
  ])('refuses %j naming %s and never moves backward', async (body, field) => {
    const before = sandbox.context.clock.offset;
    const response = await sandbox.admin<ErrorBody>('POST', '/clock/advance', body);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(field);
    expect(sandbox.context.clock.offset).toBe(before);
  });
});
