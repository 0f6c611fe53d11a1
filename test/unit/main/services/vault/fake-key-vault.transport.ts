import type { SecretClientOptions } from '@azure/keyvault-secrets';

/**
 * An in-memory Key Vault data plane behind the REAL @azure/keyvault-secrets SecretClient, plugged
 * in as its `httpClient`. Unit tests thus exercise the SDK's real challenge policy, paging,
 * deserialisation and RestError shapes without sockets. It speaks the wire format of
 * ../shared/reference/azure-apis.md §1 (401 challenge first, `maxresults` paging with an absolute
 * same-origin nextLink, KeyVaultError bodies). Integration tests use the sandbox instead.
 */
type HttpClient = NonNullable<SecretClientOptions['httpClient']>;
type PipelineRequest = Parameters<HttpClient['sendRequest']>[0];
type PipelineResponse = Awaited<ReturnType<HttpClient['sendRequest']>>;

/** A secret in the fake vault. Times are unix seconds, like the wire. */
export interface FakeSecret {
  name: string;
  value: string;
  enabled?: boolean;
  contentType?: string;
  tags?: Record<string, string>;
  created?: number;
  updated?: number;
  exp?: number;
  nbf?: number;
  /** Older versions (metadata only is listed; values served by version id). */
  versions?: { version: string; value: string; created: number }[];
}

/** A canned failure for requests whose path matches. */
export interface FakeFailure {
  path?: RegExp;
  status?: number;
  body?: unknown;
  /** Throw a transport error with this Node error code instead of answering. */
  networkCode?: string;
  /** Only this many times (default: always). */
  times?: number;
}

/** What the fake saw (no token values: only whether one was present). */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorized: boolean;
}

class Headers implements Iterable<[string, string]> {
  private readonly map = new Map<string, string>();
  constructor(init: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(init)) this.map.set(k.toLowerCase(), v);
  }
  get(name: string) {
    return this.map.get(name.toLowerCase());
  }
  has(name: string) {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string | number | boolean) {
    this.map.set(name.toLowerCase(), String(value));
  }
  delete(name: string) {
    this.map.delete(name.toLowerCase());
  }
  toJSON() {
    return Object.fromEntries(this.map);
  }
  [Symbol.iterator]() {
    return this.map.entries();
  }
}

/** Key Vault's exact 403/404/429 bodies (azure-apis.md §1.4), for `FakeFailure.body`. */
export const kvErrorBodies = {
  rbac: { error: { code: 'Forbidden', message: "Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\nCaller: appid=x;oid=y;iss=https://sts.windows.net/t/\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\nResource: '/subscriptions/s/resourcegroups/rg/providers/microsoft.keyvault/vaults/v/secrets/n'\r\nAssignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: 'DeniedWithNoValidRBAC' \r\nVault: v;location=westeurope\r\n", innererror: { code: 'ForbiddenByRbac' } } },
  policy: { error: { code: 'Forbidden', message: "The user, group or application 'appid=x;oid=y;iss=https://sts.windows.net/t/' does not have secrets get permission on key vault 'v;location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287", innererror: { code: 'ForbiddenByPolicy' } } },
  firewall: { error: { code: 'Forbidden', message: 'Client address is not authorized and caller is not a trusted service.\r\nClient address: 203.0.113.7\r\nCaller: appid=x;oid=y;iss=https://sts.windows.net/t/\r\nVault: v;location=westeurope', innererror: { code: 'ForbiddenByFirewall' } } },
  disabled: { error: { code: 'Forbidden', message: 'Operation get is not allowed on a disabled secret.', innererror: { code: 'SecretDisabled' } } },
  notFound: (name: string) => ({ error: { code: 'SecretNotFound', message: `A secret with (name/id) ${name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182` } }),
  throttled: { error: { code: 'Throttled', message: 'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached' } },
};

/** One fake vault at `origin` (e.g. https://localhost:9001 or https://kv-x.vault.azure.net). */
export class FakeKeyVault implements HttpClient {
  readonly secrets = new Map<string, FakeSecret>();
  readonly seen: SeenRequest[] = [];
  readonly failures: FakeFailure[] = [];
  /** The challenge's resource (real Key Vault: https://vault.azure.net). */
  challengeResource = 'https://vault.azure.net';
  /** Requests wait for this before being answered (streaming tests hold pages back). */
  gate: (request: SeenRequest) => Promise<void> = async () => {};

  constructor(
    readonly origin: string,
    readonly tenantId = '11111111-1111-1111-1111-111111111111',
  ) {}

  /** Adds `count` secrets named `${prefix}-000`… with tags and dates. */
  seed(count: number, prefix = 'secret'): this {
    for (let i = 0; i < count; i++) {
      const name = `${prefix}-${String(i).padStart(3, '0')}`;
      this.secrets.set(name.toLowerCase(), { name, value: `value-of-${name}`, tags: { index: String(i) }, created: 1_700_000_000 + i, updated: 1_700_000_000 + i });
    }
    return this;
  }

  add(secret: FakeSecret): this {
    this.secrets.set(secret.name.toLowerCase(), secret);
    return this;
  }

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const url = new URL(request.url);
    const seen: SeenRequest = { method: request.method, path: url.pathname, query: url.searchParams, authorized: request.headers.has('authorization') };
    this.seen.push(seen);
    await this.gate(seen);
    if (request.abortSignal?.aborted) {
      const error = new Error('The operation was aborted.');
      error.name = 'AbortError';
      throw error;
    }
    if (!seen.authorized) {
      return this.respond(request, 401, { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } }, {
        'www-authenticate': `Bearer authorization="https://login.microsoftonline.com/${this.tenantId}", resource="${this.challengeResource}"`,
      });
    }
    const failure = this.failures.find((f) => !f.path || f.path.test(url.pathname));
    if (failure) {
      if (failure.times !== undefined && --failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      if (failure.networkCode) throw Object.assign(new Error(`connect ${failure.networkCode}`), { code: failure.networkCode });
      return this.respond(request, failure.status ?? 500, failure.body ?? { error: { code: 'InternalError', message: 'boom' } });
    }
    return this.route(request, url);
  }

  private route(request: PipelineRequest, url: URL): PipelineResponse {
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] !== 'secrets') return this.respond(request, 404, { error: { code: 'NotFound', message: 'no route' } });
    if (parts.length === 1) {
      const all = [...this.secrets.values()].sort((a, b) => a.name.localeCompare(b.name));
      return this.page(request, url, all.map((s) => this.item(s, false)));
    }
    const secret = this.secrets.get(parts[1]!.toLowerCase());
    if (!secret) return this.respond(request, 404, kvErrorBodies.notFound(parts[1]!));
    if (parts[2] === 'versions') {
      const versions = [{ version: 'current', created: secret.created ?? 0 }, ...(secret.versions ?? [])];
      return this.page(request, url, versions.map((v) => ({ ...this.item(secret, true, v.version), attributes: { enabled: true, created: v.created, updated: v.created } })));
    }
    if (secret.enabled === false) return this.respond(request, 403, kvErrorBodies.disabled);
    return this.respond(request, 200, { ...this.item(secret, true), value: secret.value });
  }

  private page(request: PipelineRequest, url: URL, all: unknown[]): PipelineResponse {
    const max = Math.min(25, Number(url.searchParams.get('maxresults') ?? 25));
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const slice = all.slice(skip, skip + max);
    const next = skip + max < all.length ? `${this.origin}${url.pathname}?api-version=7.6&$skiptoken=${skip + max}&maxresults=${max}` : null;
    return this.respond(request, 200, { value: slice, nextLink: next });
  }

  private item(s: FakeSecret, withVersion: boolean, version = 'current') {
    return {
      id: `${this.origin}/secrets/${s.name}${withVersion ? `/${version}` : ''}`,
      ...(s.contentType ? { contentType: s.contentType } : {}),
      ...(s.tags ? { tags: s.tags } : {}),
      attributes: { enabled: s.enabled ?? true, created: s.created, updated: s.updated, ...(s.exp ? { exp: s.exp } : {}), ...(s.nbf ? { nbf: s.nbf } : {}) },
    };
  }

  private respond(request: PipelineRequest, status: number, body: unknown, headers: Record<string, string> = {}): PipelineResponse {
    return { request, status, headers: new Headers({ 'content-type': 'application/json; charset=utf-8', ...headers }), bodyAsText: JSON.stringify(body) };
  }
}

/** Routes each request to the fake vault owning its origin (one SecretClient option for many vaults). */
export class FakeKeyVaultNetwork implements HttpClient {
  readonly vaults = new Map<string, FakeKeyVault>();

  add(vault: FakeKeyVault): FakeKeyVault {
    this.vaults.set(new URL(vault.origin).origin, vault);
    return vault;
  }

  sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const vault = this.vaults.get(new URL(request.url).origin);
    if (!vault) return Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    return vault.sendRequest(request);
  }
}
