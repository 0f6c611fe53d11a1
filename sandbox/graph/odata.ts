import { badRequest } from '../pim/pim-errors.js';

/** One `property eq value` (or `ne`) term of a `$filter`; terms are joined by `and`. */
export interface FilterClause {
  /** Property path as written (`groupId`, `createdBy/user/id`); matched case-insensitively. */
  property: string;
  op: 'eq' | 'ne';
  value: string | number | boolean | null;
}

/** One `$expand` item, with its nested options (`policy($expand=rules)`, `group($select=id)`). */
export interface ExpandItem {
  name: string;
  select?: string[];
  expand: ExpandItem[];
}

/** The OData system query options the sandbox's Graph endpoints honour. */
export interface ODataQuery {
  filter: FilterClause[];
  select?: string[];
  expand: ExpandItem[];
  top?: number;
  /** Offset decoded from `$skiptoken`. */
  skip: number;
}

/** Largest page served, with or without `$top` (Graph's own default page sizes are 100 or more). */
export const MAX_PAGE_SIZE = 100;

/**
 * Reads `$filter`, `$select`, `$expand`, `$top` and `$skiptoken` (v1.0 also accepts the names
 * without `$`, which Graph's own docs use in places). Unsupported filter syntax is a 400, as in Graph.
 */
export function parseODataQuery(url: URL): ODataQuery {
  const get = (name: string) => url.searchParams.get(`$${name}`) ?? url.searchParams.get(name) ?? undefined;
  const filterText = get('filter');
  const selectText = get('select');
  const expandText = get('expand');
  const topText = get('top');
  const skipToken = get('skiptoken');
  let top: number | undefined;
  if (topText !== undefined) {
    top = Number(topText);
    if (!Number.isInteger(top) || top < 0) throw badRequest(`Invalid value '${topText}' for $top query option found.`);
  }
  let skip = 0;
  if (skipToken !== undefined) {
    skip = Number(Buffer.from(skipToken, 'base64url').toString('utf8').replace(/^o:/, ''));
    if (!Number.isInteger(skip) || skip < 0) throw badRequest('The $skiptoken is invalid.');
  }
  return {
    filter: filterText ? parseFilter(filterText) : [],
    ...(selectText ? { select: splitTopLevel(selectText, ',').map((s) => s.trim()).filter(Boolean) } : {}),
    expand: expandText ? parseExpand(expandText) : [],
    ...(top !== undefined ? { top } : {}),
    skip,
  };
}

/** Parses `a eq 'x' and b eq 'y'`. `or`, functions and other operators are refused. */
export function parseFilter(text: string): FilterClause[] {
  const terms = splitOnAnd(text.trim());
  return terms.map((term) => {
    const t = stripParens(term.trim());
    const m = /^([A-Za-z_][\w/]*)\s+(eq|ne)\s+(.+)$/i.exec(t);
    if (!m) throw badRequest(`Invalid filter clause: ${text}`);
    return { property: m[1]!, op: m[2]!.toLowerCase() as 'eq' | 'ne', value: parseLiteral(m[3]!.trim(), text) };
  });
}

function parseLiteral(raw: string, whole: string): FilterClause['value'] {
  if (/^'(?:[^']|'')*'$/.test(raw)) return raw.slice(1, -1).replace(/''/g, "'");
  if (/^null$/i.test(raw)) return null;
  if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  throw badRequest(`Invalid filter clause: ${whole}`);
}

function splitOnAnd(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && /\s/.test(c)) {
      const rest = text.slice(i);
      const and = /^\s+and\s+/i.exec(rest);
      if (and) {
        parts.push(text.slice(start, i));
        i += and[0].length - 1;
        start = i + 1;
        continue;
      }
      if (/^\s+or\s+/i.test(rest)) throw badRequest(`Invalid filter clause: 'or' is not supported in this filter: ${text}`);
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function stripParens(term: string): string {
  let t = term;
  while (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim();
  return t;
}

/** Splits on `separator` outside parentheses. */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Parses `$expand=group,policy($expand=rules;$select=id)`. */
export function parseExpand(text: string): ExpandItem[] {
  return splitTopLevel(text, ',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const open = item.indexOf('(');
      if (open === -1) return { name: item, expand: [] };
      if (!item.endsWith(')')) throw badRequest(`Syntax error in $expand: '${text}'.`);
      const name = item.slice(0, open).trim();
      const result: ExpandItem = { name, expand: [] };
      for (const option of splitTopLevel(item.slice(open + 1, -1), ';')) {
        const eq = option.indexOf('=');
        const key = option.slice(0, eq).trim().replace(/^\$/, '').toLowerCase();
        const value = option.slice(eq + 1).trim();
        if (eq === -1 || !value) continue;
        if (key === 'select') result.select = splitTopLevel(value, ',').map((s) => s.trim());
        else if (key === 'expand') result.expand = parseExpand(value);
      }
      return result;
    });
}

/** Whether a row (a Graph JSON object) satisfies every clause. Property names match case-insensitively. */
export function matchesFilter(row: Record<string, unknown>, clauses: FilterClause[]): boolean {
  return clauses.every((clause) => {
    const actual = readPath(row, clause.property);
    const equal =
      typeof actual === 'string' && typeof clause.value === 'string'
        ? actual.toLowerCase() === clause.value.toLowerCase()
        : (actual ?? null) === clause.value;
    return clause.op === 'eq' ? equal : !equal;
  });
}

function readPath(row: Record<string, unknown>, path: string): unknown {
  let current: unknown = row;
  for (const segment of path.split('/')) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = Object.keys(current).find((k) => k.toLowerCase() === segment.toLowerCase());
    current = key === undefined ? undefined : (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The values an `eq` clause on `property` asks for (e.g. the groupId of `groupId eq '…'`). */
export function filterValues(clauses: FilterClause[], property: string): string[] {
  return clauses.filter((c) => c.op === 'eq' && c.property.toLowerCase() === property.toLowerCase() && typeof c.value === 'string').map((c) => c.value as string);
}

/**
 * Keeps only the selected properties (plus `@odata.*` annotations and expanded navigation properties).
 * Graph answers an unknown property in `$select` with 400; so does the sandbox.
 */
export function applySelect(entity: Record<string, unknown>, select: string[] | undefined, known: readonly string[], expanded: readonly string[] = []): Record<string, unknown> {
  if (!select || select.length === 0 || select.includes('*')) return entity;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entity)) if (key.startsWith('@odata.')) out[key] = value;
  for (const wanted of select) {
    const key = known.find((k) => k.toLowerCase() === wanted.toLowerCase());
    if (!key) throw badRequest(`Could not find a property named '${wanted}' on type 'microsoft.graph.entity'.`);
    if (key in entity) out[key] = entity[key];
  }
  for (const name of expanded) if (name in entity) out[name] = entity[name];
  return out;
}

/** The `(a,b,group())` part of an `@odata.context` for `$select`/`$expand`, or '' without them. */
export function contextProjection(query: Pick<ODataQuery, 'select' | 'expand'>): string {
  const parts = [...(query.select ?? []), ...query.expand.map(expandProjection)];
  return parts.length ? `(${parts.join(',')})` : '';
}

function expandProjection(item: ExpandItem): string {
  const inner = [...(item.select ?? []), ...item.expand.map(expandProjection)];
  return `${item.name}(${inner.join(',')})`;
}

/** One page of `items` per `$top`/`$skiptoken`, with an absolute `@odata.nextLink` on the same origin. */
export function page<T>(items: T[], query: ODataQuery, url: URL): { value: T[]; nextLink?: string } {
  const size = Math.min(query.top ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const value = items.slice(query.skip, query.skip + size);
  const next = query.skip + size;
  if (size === 0 || next >= items.length) return { value };
  const params: string[] = [];
  for (const [key, val] of url.searchParams) {
    if (key === '$skiptoken' || key === 'skiptoken') continue;
    params.push(`${encodeQueryKey(key)}=${encodeURIComponent(val)}`);
  }
  params.push(`$skiptoken=${Buffer.from(`o:${next}`).toString('base64url')}`);
  return { value, nextLink: `${url.origin}${url.pathname}?${params.join('&')}` };
}

function encodeQueryKey(key: string): string {
  return key.startsWith('$') ? `$${encodeURIComponent(key.slice(1))}` : encodeURIComponent(key);
}
