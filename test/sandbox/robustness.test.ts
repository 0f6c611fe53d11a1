import { readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStateDir, spawnSandbox, type SpawnedSandbox } from '../helpers/sandbox.js';

/**
 * Garbage against every sandbox origin, through the real CLI process: malformed HTTP, huge headers,
 * oversized and invalid bodies, wrong content types, random paths and methods, unknown
 * api-versions, bogus tokens. The sandbox must answer each with an HTTP error (or drop a
 * connection that does not speak HTTP), never with a 500 from a handler that threw, and must
 * keep serving: the process is alive and the admin health call answers at the end.
 * Bodies are not asserted: the services behind these origins define their own error shapes.
 */

let sandbox: SpawnedSandbox;
let stateDir: string;
let ca: Buffer;

interface Origin {
  name: string;
  base: string;
  /** Prefix under which this service's routes live. */
  prefix: string;
  headers: Record<string, string>;
  /** Endpoints that take a body. */
  bodyEndpoints: { method: string; path: string }[];
}
let origins: Origin[];

beforeAll(async () => {
  stateDir = makeStateDir();
  sandbox = await spawnSandbox(['--state-dir', stateDir, '--reset']);
  ca = readFileSync(sandbox.info.caCertPath);
  const { info } = sandbox;
  const tid = info.tenantId;
  const authorityOrigin = new URL(info.authority).origin;
  origins = [
    {
      name: 'entra',
      base: authorityOrigin,
      prefix: `/${tid}`,
      headers: {},
      bodyEndpoints: [
        { method: 'POST', path: `/${tid}/oauth2/v2.0/token` },
        { method: 'POST', path: `/${tid}/oauth2/v2.0/devicecode` },
        { method: 'POST', path: '/common/oauth2/v2.0/token' },
      ],
    },
    {
      name: 'admin',
      base: authorityOrigin,
      prefix: '/_admin',
      headers: { 'x-sandbox-admin-key': info.admin.key },
      bodyEndpoints: [
        { method: 'POST', path: '/_admin/faults' },
        { method: 'PATCH', path: '/_admin/settings' },
        { method: 'POST', path: '/_admin/clock/advance' },
        { method: 'PUT', path: '/_admin/latency' },
      ],
    },
    {
      name: 'graph',
      base: info.graph,
      prefix: '/v1.0',
      headers: {},
      bodyEndpoints: [
        { method: 'POST', path: '/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleRequests' },
        { method: 'POST', path: '/v1.0/$batch' },
        { method: 'PATCH', path: '/v1.0/me' },
      ],
    },
    ...info.vaults.map((vault) => ({
      name: `vault ${vault.name}`,
      base: vault.url,
      prefix: '',
      headers: {},
      bodyEndpoints: [
        { method: 'PUT', path: '/secrets/robust-name?api-version=7.5' },
        { method: 'PATCH', path: '/secrets/robust-name/0123456789abcdef0123456789abcdef?api-version=7.5' },
        { method: 'POST', path: '/secrets/restore?api-version=7.5' },
      ],
    })),
  ];
});

afterAll(async () => {
  await sandbox?.stop();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

/** Sends raw bytes over TLS and returns whatever comes back until the server closes (or 5 s pass). */
function rawExchange(base: string, payload: string | Buffer, endAfterWrite = true): Promise<{ text: string; timedOut: boolean }> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect({ host: '127.0.0.1', port: Number(url.port), servername: 'localhost', ca });
    const finish = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), timedOut });
    };
    // A safety net, not a sleep: every case below makes the server answer or close well before this.
    const timer = setTimeout(() => finish(true), 5000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => finish(false));
    // Writing into a connection the server has already dropped is an expected outcome here.
    socket.on('error', () => finish(false));
    socket.once('secureConnect', () => {
      if (endAfterWrite) socket.end(payload);
      else socket.write(payload);
    });
  });
}

/** A raw reply is acceptable when the server answered with an HTTP 4xx/5xx (not 500) or simply closed. */
function expectRawRefusal(reply: { text: string; timedOut: boolean }, label: string): void {
  expect(reply.timedOut, `${label}: server neither answered nor closed`).toBe(false);
  if (reply.text === '') return;
  const status = /^HTTP\/1\.[01] (\d{3}) /.exec(reply.text)?.[1];
  expect(status, `${label}: not an HTTP reply: ${reply.text.slice(0, 80)}`).toBeDefined();
  expectErrorStatus(Number(status), label);
}

/** An error status chosen on purpose; a 500 is what the router sends when a handler threw. */
function expectErrorStatus(status: number, label: string): void {
  expect(status, label).toBeGreaterThanOrEqual(400);
  expect(status, label).toBeLessThan(600);
  expect(status, `${label}: 500 means a handler threw`).not.toBe(500);
}

async function call(base: string, path: string, init: RequestInit): Promise<number> {
  const response = await fetch(`${base}${path}`, init);
  await response.arrayBuffer();
  return response.status;
}

async function expectStillServing(): Promise<void> {
  expect(sandbox.process.exitCode, 'sandbox process exited').toBeNull();
  const health = await fetch(`${sandbox.info.admin.url}/health`, { headers: { 'x-sandbox-admin-key': sandbox.info.admin.key } });
  expect(health.status).toBe(200);
  expect(((await health.json()) as { status: string }).status).toBe('ok');
  for (const origin of origins) {
    const status = await call(origin.base, `${origin.prefix}/still-serving-probe`, { headers: origin.headers });
    expect(status, `${origin.name} still answers HTTP`).toBeGreaterThanOrEqual(200);
  }
}

/** Deterministic pseudo-random bytes (a test must fail the same way twice). */
function noise(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('malformed HTTP on the wire', () => {
  const cases: [string, (path: string) => string | Buffer, boolean?][] = [
    ['garbage request line', () => 'GARBAGE\r\n\r\n'],
    ['random bytes', () => noise(4096, 7)],
    ['HTTP/0.9 request', (p) => `GET ${p}/\r\n`],
    ['unknown method', (p) => `BREW ${p}/pot HTTP/1.1\r\nHost: localhost\r\n\r\n`],
    ['unsupported HTTP version', (p) => `GET ${p}/ HTTP/3.7\r\nHost: localhost\r\n\r\n`],
    ['huge header', (p) => `GET ${p}/x HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`],
    ['thousands of headers', (p) => `GET ${p}/x HTTP/1.1\r\nHost: localhost\r\n${Array.from({ length: 5000 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\n\r\n`],
    ['20 KB path', (p) => `GET ${p}/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`],
    ['non-numeric Content-Length', (p) => `POST ${p}/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n{}`],
    ['Content-Length plus chunked (smuggling)', (p) => `POST ${p}/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`],
    ['broken chunked body', (p) => `POST ${p}/x HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZZ\r\n{}\r\n`],
    ['NUL in a header', (p) => `GET ${p}/x HTTP/1.1\r\nHost: localhost\r\nX-A: a\u0000b\r\n\r\n`],
    ['header without a colon', (p) => `GET ${p}/x HTTP/1.1\r\nHost: localhost\r\nNoColonHere\r\n\r\n`],
    ['truncated headers', (p) => `GET ${p}/x HTTP/1.1\r\nHost: local`],
    ['declared 1 TB body, then hang-up', (p) => `PUT ${p}/x HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n{"value":`],
    // fetch would normalise dot segments away; on the wire they must not reach the admin API keyless.
    ['dot segments towards the admin API', (p) => `GET ${p}/../../_admin/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`],
    ['non-HTTP protocol (TLS inside TLS)', () => Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x01, 0x00])],
  ];

  it.each(cases)('%s: answered or dropped, on every origin', async (label, build) => {
    for (const origin of origins) {
      const reply = await rawExchange(origin.base, build(origin.prefix));
      expectRawRefusal(reply, `${origin.name}: ${label}`);
    }
    await expectStillServing();
  });

  it('survives connections opened and dropped mid-handshake and mid-request', async () => {
    for (const origin of origins) {
      const url = new URL(origin.base);
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          new Promise<void>((resolve) => {
            const socket = connect({ host: '127.0.0.1', port: Number(url.port), servername: 'localhost', ca });
            socket.on('error', () => resolve());
            socket.on('close', () => resolve());
            if (i % 2 === 0) socket.destroy();
            else socket.once('secureConnect', () => socket.write(`POST ${origin.prefix}/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{"a"`, () => socket.destroy()));
          }),
        ),
      );
    }
    await expectStillServing();
  });
});

describe('valid HTTP, bad content', () => {
  const deepJson = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
  const bodies: [string, string | Buffer][] = [
    ['truncated JSON', '{"value": "abc'],
    ['JSON null', 'null'],
    ['JSON array', '[1,2,3]'],
    ['JSON string', '"just a string"'],
    ['wrong types', '{"value": {"$ne": 1}, "seconds": "1e309", "kind": ["status"], "action": 42, "enabled": "maybe"}'],
    ['prototype pollution keys', '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'],
    ['deeply nested JSON', deepJson],
    ['binary', noise(2048, 99)],
    ['form garbage', '%%%&&===&grant_type=%zz&=&&'],
    ['oversized (3 MB)', 'x'.repeat(3 * 1024 * 1024)],
  ];
  const contentTypes = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zz', 'application/json; charset=utf-16'];

  it.each(bodies)('%s: an HTTP error from every body-taking endpoint, whatever the content type', async (label, body) => {
    for (const origin of origins) {
      for (const endpoint of origin.bodyEndpoints) {
        for (const contentType of contentTypes) {
          const status = await call(origin.base, endpoint.path, { method: endpoint.method, headers: { ...origin.headers, 'content-type': contentType }, body });
          expectErrorStatus(status, `${origin.name} ${endpoint.method} ${endpoint.path} [${contentType}] ${label}`);
        }
      }
    }
    await expectStillServing();
  });

  it('refuses bogus bearer tokens', async () => {
    const fakeJwt = (header: object, payload: object) =>
      `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
    const tokens = [
      'garbage',
      'a.b.c',
      fakeJwt({ alg: 'none', typ: 'JWT' }, { aud: 'https://vault.azure.net', oid: '00000000-0000-0000-0000-000000000000', exp: 9_999_999_999 }),
      `${fakeJwt({ alg: 'RS256', kid: 'nope' }, { aud: 'https://graph.microsoft.com' })}c2ln`,
      'x'.repeat(16_000),
    ];
    for (const origin of origins.filter((o) => o.name === 'graph' || o.name.startsWith('vault'))) {
      const path = origin.name === 'graph' ? '/v1.0/me' : '/secrets?api-version=7.5';
      for (const token of tokens) {
        const status = await call(origin.base, path, { headers: { authorization: `Bearer ${token}` } });
        expectErrorStatus(status, `${origin.name} bearer ${token.slice(0, 20)}`);
      }
    }
    await expectStillServing();
  });
});

describe('random paths, methods and api-versions', () => {
  const paths = [
    '/%',
    '/%zz/%GG',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/../../etc/passwd',
    '/secrets/%00',
    '//double//slashes//',
    `/${'deep/'.repeat(500)}`,
    '/\u00e9\u00e8/\u2603',
    '/secrets/name/version/extra/segments?api-version=7.5',
  ];
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND', 'MKCOL'];

  it('answers every odd path and method with an HTTP error', async () => {
    for (const origin of origins) {
      for (const path of paths) {
        for (const method of methods) {
          const status = await call(origin.base, `${origin.prefix}${path}`, { method, headers: origin.headers });
          expectErrorStatus(status, `${origin.name} ${method} ${origin.prefix}${path}`);
        }
      }
    }
    await expectStillServing();
  });

  it('answers unknown, empty and malformed api-versions and query values on every vault with an HTTP error', async () => {
    const queries = ['', '?api-version=', '?api-version=1999-01-01', '?api-version=abc', '?api-version=7.5&api-version=7.4', '?api-version=7.5&maxresults=-1', '?api-version=7.5&maxresults=abc', '?api-version=7.5&$skiptoken=%%%'];
    for (const origin of origins.filter((o) => o.name.startsWith('vault'))) {
      for (const path of ['/secrets', '/secrets/robust-name', '/deletedsecrets']) {
        for (const query of queries) {
          const status = await call(origin.base, `${path}${query}`, {});
          expectErrorStatus(status, `${origin.name} GET ${path}${query}`);
        }
      }
    }
    await expectStillServing();
  });
});
