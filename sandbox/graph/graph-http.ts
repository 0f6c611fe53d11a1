import type { SandboxContext } from '../context.js';
import { BodyTooLargeError } from '../http/body.js';
import { corsResponseHeaders } from '../http/cors.js';
import type { RequestContext } from '../http/router.js';
import { GRAPH_AUDIENCES, TokenRejectedError, type AccessTokenClaims, type TokenRejection } from '../auth/token-service.js';
import { PimError, badRequest } from '../pim/pim-errors.js';
import type { TenantState, UserState } from '../state/model.js';

/** The authenticated caller of a Graph request. */
export interface GraphIdentity {
  claims: AccessTokenClaims;
  tenant: TenantState;
  user: UserState;
  /** Delegated scopes (`scp`) and app roles (`roles`) the token grants. */
  permissions: Set<string>;
}

/**
 * Headers every Graph response carries: `request-id`, the caller's `client-request-id` echoed (or
 * the request id when absent, as Graph does), and the diagnostic header clients log.
 */
export function graphHeaders(ctx: RequestContext): Record<string, string> {
  const clientRequestId = headerValue(ctx, 'client-request-id') ?? ctx.requestId;
  return {
    'request-id': ctx.requestId,
    'client-request-id': clientRequestId,
    'x-ms-ags-diagnostic': JSON.stringify({ ServerInfo: { DataCenter: 'Sandbox', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'SANDBOX' } }),
    'cache-control': 'no-cache',
    'odata-version': '4.0',
    ...corsResponseHeaders(ctx, ['request-id', 'client-request-id', 'x-ms-ags-diagnostic', 'location', 'retry-after']),
  };
}

/** Content type Graph uses for JSON payloads. */
const GRAPH_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** Sends a Graph JSON payload with Graph's headers. */
export function sendGraphJson(ctx: RequestContext, status: number, body: unknown, extra: Record<string, string> = {}): void {
  ctx.json(status, body, { ...graphHeaders(ctx), 'content-type': GRAPH_JSON, ...extra });
}

/** Sends 204 No Content with Graph's headers. */
export function sendNoContent(ctx: RequestContext): void {
  ctx.res.writeHead(204, graphHeaders(ctx));
  ctx.res.end();
}

/**
 * Sends an error in Graph's shape: `{error:{code,message,innerError:{date,request-id,client-request-id}}}`
 * (read by the Graph JS client's GraphErrorHandler). `date` has no fraction or zone, as Graph writes it.
 */
export function sendGraphError(ctx: RequestContext, context: SandboxContext, error: PimError, extra: Record<string, string> = {}): void {
  const headers = graphHeaders(ctx);
  const body = {
    error: {
      code: error.code,
      message: error.message,
      innerError: {
        date: context.clock.iso().replace(/\.\d+Z$/, ''),
        'request-id': headers['request-id'],
        'client-request-id': headers['client-request-id'],
      },
    },
  };
  ctx.json(error.status, body, { ...headers, 'content-type': GRAPH_JSON, ...extra });
}

const REJECTION_MESSAGES: Record<TokenRejection, string> = {
  malformed: 'IDX14100: JWT is not well formed, there are no dots (.).',
  signature: 'Access token validation failure.',
  expired: 'Lifetime validation failed, the token is expired.',
  not_yet_valid: 'Lifetime validation failed, the token is not yet valid.',
  audience: 'Access token validation failure. Invalid audience.',
  issuer: 'Access token validation failure. Invalid issuer.',
};

/** A 401 in Graph's shape, with the WWW-Authenticate challenge Graph sends. */
export class GraphAuthError extends PimError {
  constructor(message: string) {
    super(401, 'InvalidAuthenticationToken', message);
  }
}

/** The WWW-Authenticate value on Graph's 401s (Azure/azure-cli#31777), pointing at the sandbox authority. */
export function graphChallenge(context: SandboxContext): string {
  return `Bearer realm="", authorization_uri="${context.origins.authority}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`;
}

/**
 * Verifies the bearer token (signature, lifetime, Graph audience, issuer) and resolves the tenant
 * (`tid`) and user (`oid`). Every failure is a 401 InvalidAuthenticationToken.
 */
export async function authenticate(ctx: RequestContext, context: SandboxContext): Promise<GraphIdentity> {
  const header = headerValue(ctx, 'authorization');
  const match = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  if (!match || !match[1]!.trim()) throw new GraphAuthError('Access token is empty.');
  let claims: AccessTokenClaims;
  try {
    claims = await context.tokens.verifyAccessToken(match[1]!.trim(), GRAPH_AUDIENCES);
  } catch (error) {
    if (error instanceof TokenRejectedError) throw new GraphAuthError(REJECTION_MESSAGES[error.reason]);
    throw error;
  }
  const tenant = context.store.tenant(claims.tid);
  const user = tenant ? context.store.user(tenant, claims.oid) : undefined;
  if (!tenant || !user || user.oid.toLowerCase() !== claims.oid.toLowerCase()) throw new GraphAuthError('Access token validation failure.');
  const permissions = new Set<string>([...(claims.scp ?? '').split(' ').filter(Boolean), ...(Array.isArray(claims.roles) ? (claims.roles as string[]) : [])]);
  return { claims, tenant, user, permissions };
}

/**
 * Checks that the token carries one of `accepted` (least privileged first). PIM for Groups answers a
 * missing scope with 403 UnknownError wrapping the PIM service's JSON error (real capture,
 * hashicorp/terraform-provider-azuread#1386); other Graph workloads with Authorization_RequestDenied.
 */
export function requirePermission(identity: GraphIdentity, accepted: readonly string[], style: 'pim' | 'directory'): void {
  if (accepted.some((p) => identity.permissions.has(p))) return;
  if (style === 'pim') {
    const inner = { errorCode: 'PermissionScopeNotGranted', message: `Authorization failed due to missing permission scope ${accepted.join(',')}.`, instanceAnnotations: [] };
    throw new PimError(403, 'UnknownError', JSON.stringify(inner));
  }
  throw new PimError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

/**
 * Graph refuses a request over 4 MB (Microsoft's answer in microsoftgraph/microsoft-graph-docs#85:
 * "a 4MB limit on the size of a request"), with 413 (O365/python-o365#308) and the body captured in
 * #85: code `BadRequest`, "Maximum request length exceeded.".
 */
export const GRAPH_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** Reads a JSON request body (at most {@link GRAPH_BODY_LIMIT_BYTES}); an unreadable one gets Graph's usual 400 wording. */
export async function readJsonBody(ctx: RequestContext): Promise<unknown> {
  let text: string;
  try {
    text = await ctx.readText(GRAPH_BODY_LIMIT_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new PimError(413, 'BadRequest', 'Maximum request length exceeded.');
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
}

function headerValue(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
