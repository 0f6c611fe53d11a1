import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SandboxClock } from './clock.js';
import type { SandboxContext } from './context.js';
import { TokenService } from './auth/token-service.js';
import { FaultInjector, type ServiceName } from './http/faults.js';
import { RequestLog } from './http/request-log.js';
import type { Router } from './http/router.js';
import { answerClientError, urlTooLong } from './http/oversize.js';
import { DEMO_SEED_PATH, readSeed, seedToData } from './seed/load-seed.js';
import { SandboxStore } from './state/store.js';
import { ensureTls } from './tls/certificates.js';
import { createEntraRouter } from './entra/entra.router.js';
import { EntraError, entraErrorBody } from './entra/errors.js';
import { createGraphRouter } from './graph/graph.router.js';
import { createVaultRouter } from './keyvault/vault.router.js';
import { createAdminRouter, ADMIN_PREFIX } from './admin/admin.router.js';
import { APP_SERVICE_TOKEN_PATH, createIdentityRouter } from './identity/identity.router.js';
import { buildReadyInfo, type ReadyInfo } from './ready-info.js';

/** Options for `startSandbox`. */
export interface SandboxOptions {
  /** Where the CA, signing key and state live. Required: clients need the CA file. */
  stateDir: string;
  /** Seed file; defaults to the demo tenant. */
  seedPath?: string;
  /** Start from the seed even if the state directory holds state from the same seed. */
  reset?: boolean;
  /** Override settings from the seed (tests shorten propagation and minimum durations). */
  settings?: Partial<import('./seed/schema.js').SandboxSettings>;
}

/** A running sandbox. */
export interface RunningSandbox {
  readonly info: ReadyInfo;
  readonly context: SandboxContext;
  /** Stops every listener and writes the state. */
  close(): Promise<void>;
}

/** Starts the sandbox: every origin listens on loopback only (127.0.0.1 and ::1, same port). */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const clock = new SandboxClock();
  const tls = ensureTls(options.stateDir);
  const { seed, hash } = readSeed(options.seedPath ?? DEMO_SEED_PATH);
  const store = SandboxStore.open({
    stateDir: options.stateDir,
    seedHash: hash,
    // A reset starts from the seed once; the state it writes is resumed by the next start (it used to
    // be marked with a random hash, so a later start without --reset silently threw it away).
    ignorePersisted: options.reset === true,
    clock,
    makeFresh: () => seedToData(seed, clock.now()),
  });
  if (options.settings) Object.assign(store.data.settings, options.settings);
  const tokens = await TokenService.create(clock, options.stateDir);
  const vaultOrigins = new Map<string, string>();
  const origins = { authority: '', graph: '', identity: '', vault: (name: string) => vaultOrigins.get(name.toLowerCase()) ?? '' };
  // The App Service identity endpoint's shared secret (IDENTITY_HEADER), new on every start like the platform's.
  const identityHeader = randomBytes(24).toString('base64url');
  const context: SandboxContext = {
    store,
    clock,
    tokens,
    faults: new FaultInjector(),
    log: new RequestLog(),
    adminKey: randomBytes(24).toString('base64url'),
    stateDir: options.stateDir,
    origins,
  };

  const servers: (Server | HttpServer)[] = [];
  const listen = async (key: string, fixedPort: number | undefined, handler: Handler): Promise<string> => {
    const port = await listenLoopback(servers, { cert: tls.leafCertPem, key: tls.leafKeyPem }, handler, fixedPort ?? store.ports[key], fixedPort !== undefined);
    store.ports[key] = port;
    return `https://localhost:${port}`;
  };

  try {
    const entra = createEntraRouter(context);
    const admin = createAdminRouter(context);
    origins.authority = await listen('authority', seed.settings.authorityPort, (req, res) =>
      (req.url ?? '').startsWith(ADMIN_PREFIX)
        ? pipeline(context, 'admin', undefined, admin, origins.authority, req, res)
        : pipeline(context, 'entra', undefined, entra, origins.authority, req, res),
    );
    tokens.authorityOrigin = origins.authority;
    const graph = createGraphRouter(context);
    origins.graph = await listen('graph', seed.settings.graphPort, (req, res) => pipeline(context, 'graph', undefined, graph, origins.graph, req, res));
    for (const tenant of store.data.tenants) {
      for (const vault of tenant.vaults) {
        const router = createVaultRouter(context, vault.name);
        const key = vault.name.toLowerCase();
        const origin = await listen(`vault:${key}`, vault.port, (req, res) => pipeline(context, 'vault', vault.name, router, vaultOrigins.get(key)!, req, res));
        vaultOrigins.set(key, origin);
      }
    }
    // Managed identity endpoints: plain http on 127.0.0.1, as IMDS and App Service's local endpoint are.
    const identity = createIdentityRouter(context, identityHeader);
    const identityServer = createHttpServer((req, res) => void pipeline(context, 'imds', undefined, identity, origins.identity, req, res));
    identityServer.on('clientError', (err, socket) => answerClientError(err, socket));
    const identityPort = await bind(identityServer, '127.0.0.1', store.ports.identity ?? 0).catch(() => bind(identityServer, '127.0.0.1', 0));
    servers.push(identityServer);
    store.ports.identity = identityPort;
    origins.identity = `http://127.0.0.1:${identityPort}`;
  } catch (error) {
    await Promise.all(servers.map((s) => closeServer(s)));
    throw error;
  }
  store.flush();

  return {
    info: buildReadyInfo(context, tls.caCertPath, { endpoint: `${origins.identity}${APP_SERVICE_TOKEN_PATH}`, header: identityHeader }),
    context,
    async close() {
      await Promise.all(servers.map((s) => closeServer(s)));
      store.flush();
    },
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Applies faults and base latency, dispatches to the router, and logs the request. */
async function pipeline(
  context: SandboxContext,
  service: ServiceName,
  vault: string | undefined,
  router: Router,
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = performance.now();
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const method = (req.method ?? 'GET').toUpperCase();
  const decision = context.faults.decide(service, vault, method, path);
  let fault: string | undefined;
  res.on('close', () => {
    context.log.add({
      time: context.clock.iso(),
      service,
      ...(vault ? { vault } : {}),
      method,
      path,
      status: res.headersSent ? res.statusCode : 0,
      durationMs: Math.round(performance.now() - started),
      ...(fault ? { fault } : {}),
    });
  });
  if (urlTooLong(req.url)) {
    req.resume();
    res.writeHead(414, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
    res.end(JSON.stringify({ error: { code: 'UriTooLong', message: 'URI Too Long.' } }));
    return;
  }
  if (decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
  if (decision.reset) {
    fault = 'reset';
    req.socket.destroy();
    return;
  }
  if (decision.status) {
    fault = `status:${decision.status.code}`;
    req.resume();
    const injected = faultResponse(context, service, decision.status.code, req);
    if (decision.status.retryAfterSeconds !== undefined) injected.headers['retry-after'] = String(decision.status.retryAfterSeconds);
    res.writeHead(decision.status.code, { 'content-type': 'application/json; charset=utf-8', ...injected.headers });
    res.end(JSON.stringify(injected.body));
    return;
  }
  await router.dispatch(req, res, origin);
}

/** A header the client sent, when it is a plausible id (echoed back as the services do). */
function requestHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.length <= 256 ? first : undefined;
}

function queryValue(req: IncomingMessage, name: string): string | undefined {
  try {
    return new URL(req.url ?? '/', 'https://localhost').searchParams.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Body and headers of an injected status, in each service's own shape. Graph: `request-id` (a GUID)
 * and the caller's `client-request-id` in the innerError and as headers, `date` on the sandbox clock
 * without fraction (as sendGraphError writes it). Entra: the AADSTS body with trace/correlation ids.
 * Key Vault: the request id headers it always sends.
 */
function faultResponse(context: SandboxContext, service: ServiceName, status: number, req: IncomingMessage): { body: unknown; headers: Record<string, string> } {
  const requestId = randomUUID();
  if (service === 'vault') {
    const clientRequestId = requestHeader(req, 'x-ms-client-request-id');
    const headers: Record<string, string> = { 'x-ms-request-id': requestId, ...(clientRequestId ? { 'x-ms-client-request-id': clientRequestId } : {}) };
    const body =
      status === 429
        ? { error: { code: 'Throttled', message: 'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached' } }
        : { error: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' } };
    return { body, headers };
  }
  if (service === 'imds') {
    // IMDS's identity error body (spec IdentityErrorResponse) with the codes its enum lists.
    const error = status === 429 ? 'too_many_requests' : status === 404 ? 'not_found' : status === 503 ? 'service_unavailable' : 'server_error';
    const description = status === 429 ? 'Too many requests. IMDS throttle limit reached.' : status === 410 || status === 404 ? 'IMDS is updating. Retry later.' : 'A transient error occurred. Retry later.';
    return { body: { error, error_description: description }, headers: {} };
  }
  if (service === 'graph') {
    const clientRequestId = requestHeader(req, 'client-request-id') ?? requestId;
    const innerError = { date: context.clock.iso().replace(/\.\d+Z$/, ''), 'request-id': requestId, 'client-request-id': clientRequestId };
    const body =
      status === 429
        ? { error: { code: 'TooManyRequests', message: 'Too many requests.', innerError } }
        : { error: { code: 'serviceNotAvailable', message: 'The service is temporarily unavailable.', innerError } };
    return { body, headers: { 'request-id': requestId, 'client-request-id': clientRequestId } };
  }
  const error = new EntraError('temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.', { status });
  const correlation = requestHeader(req, 'client-request-id') ?? queryValue(req, 'client-request-id') ?? '';
  const body = entraErrorBody(error, context.clock.now(), context.origins.authority, /^[0-9a-fA-F-]{36}$/.test(correlation) ? correlation.toLowerCase() : randomUUID());
  return { body, headers: { 'x-ms-request-id': String(body.trace_id), 'client-request-id': String(body.correlation_id) } };
}

/** Listens on 127.0.0.1 (and ::1 where the host has IPv6) on one port; returns the port. */
async function listenLoopback(
  servers: (Server | HttpServer)[],
  tls: { cert: string; key: string },
  handler: Handler,
  preferredPort: number | undefined,
  strict: boolean,
): Promise<number> {
  const make = () => {
    const server = createServer({ cert: tls.cert, key: tls.key }, handler);
    // A connection that resets or speaks garbage must never take the sandbox down.
    server.on('clientError', (err, socket) => answerClientError(err, socket));
    return server;
  };
  const v4 = make();
  let port: number;
  try {
    port = await bind(v4, '127.0.0.1', preferredPort ?? 0);
  } catch (error) {
    if (strict || preferredPort === undefined) throw error;
    port = await bind(v4, '127.0.0.1', 0);
  }
  servers.push(v4);
  const v6 = make();
  try {
    await bind(v6, '::1', port);
    servers.push(v6);
  } catch {
    // No IPv6 loopback here: 127.0.0.1 alone serves "localhost".
  }
  return port;
}

function bind(server: Server | HttpServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function closeServer(server: Server | HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
