import type { SandboxContext } from '../context.js';
import type { RequestContext } from '../http/router.js';
import type { PimCaller } from '../pim/pim-activation.js';
import { badRequest } from '../pim/pim-errors.js';
import type { PimContext } from '../pim/pim-lifecycle.js';
import type { GraphIdentity } from './graph-http.js';
import { applySelect, contextProjection, type ExpandItem, type ODataQuery } from './odata.js';

/** One authenticated Graph request, as route handlers see it. */
export interface GraphCall {
  readonly ctx: RequestContext;
  readonly context: SandboxContext;
  readonly identity: GraphIdentity;
  readonly pim: PimContext;
  readonly caller: PimCaller;
  readonly query: ODataQuery;
  /** `https://localhost:P/v1.0` — the service root, for `@odata.context` and links. */
  readonly serviceRoot: string;
}

/** A route: method, pattern over the decoded path after `/v1.0`, handler. */
export interface GraphRoute {
  method: string;
  pattern: RegExp;
  handler: (call: GraphCall, match: RegExpExecArray) => void | Promise<void>;
}

/** Matches a bound function segment in any of its spellings: plain, `microsoft.graph.`-qualified. */
export function functionSegment(name: string): string {
  return `(?:microsoft\\.graph\\.)?${name}\\(on='([^']*)'\\)`;
}

/** `{serviceRoot}/$metadata#{path}` */
export function contextUrl(call: GraphCall, fragment: string): string {
  return `${call.serviceRoot}/$metadata#${fragment}`;
}

/** The `(…)` projection for `@odata.context` from the call's `$select` and `$expand`. */
export function projection(call: GraphCall): string {
  return contextProjection(call.query);
}

/** Resolvers for the navigation properties an entity type supports in `$expand`. */
export type Navigation<R> = Record<string, (row: R) => Record<string, unknown> | null>;

/**
 * Expands the requested navigation properties onto `entity` (nested `$select` honoured) and applies
 * the top-level `$select`. Unknown names are a 400 naming the type, as Graph does.
 */
export function shape<R>(entity: Record<string, unknown>, row: R, query: Pick<ODataQuery, 'select' | 'expand'>, navigation: Navigation<R>, typeName: string): Record<string, unknown> {
  const out = { ...entity };
  const expanded: string[] = [];
  for (const item of query.expand) {
    const key = Object.keys(navigation).find((k) => k.toLowerCase() === item.name.toLowerCase());
    if (!key) throw badRequest(`Could not find a property named '${item.name}' on type 'microsoft.graph.${typeName}'.`);
    const value = navigation[key]!(row);
    out[key] = value === null ? null : applyNested(value, item);
    expanded.push(key);
  }
  return applySelect(out, query.select, Object.keys(entity), expanded);
}

function applyNested(value: Record<string, unknown>, item: ExpandItem): Record<string, unknown> {
  return applySelect(value, item.select, Object.keys(value));
}

/** A key segment: `/{id}` or OData's `('{id}')` (two capture groups; see `byKey`). */
export const KEY_SEGMENT = `(?:\\/([^/()]+)|\\('([^/']+)'\\))`;

/** Wraps a handler so the two captures of KEY_SEGMENT arrive as one (`match[1]`), later groups shifted down. */
export function byKey(handler: GraphRoute['handler']): GraphRoute['handler'] {
  return (call, m) => handler(call, Object.assign([m[0], m[1] ?? m[2], ...m.slice(3)], { index: m.index, input: m.input }) as unknown as RegExpExecArray);
}
