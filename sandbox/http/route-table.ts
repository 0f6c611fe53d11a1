/** What a table lookup found: the route with its decoded parameters and the raw match, or why none. */
export type RouteMatch<R> = { route: R; params: Record<string, string>; match: RegExpExecArray } | { route: null; methodMismatch: boolean };

interface Entry<R> {
  method: string;
  pattern: RegExp;
  keys: string[];
  route: R;
}

/**
 * The sandbox's one way to route: method + path pattern → a route value, first match wins, and a
 * path that matched with the wrong method is told apart (405 vs 404). Each service keeps its own
 * route type and its own order of checks around the lookup — Entra and the admin API register
 * handlers (`Router`), Key Vault looks up its operation before authorising it, Graph matches its
 * case-insensitive patterns on the decoded path after `/v1.0`.
 *
 * Patterns are path templates with `:name` segments (`/secrets/:name/:version?`, matched against the
 * raw, still encoded pathname and decoded afterwards) or regular expressions (named groups become
 * parameters; the caller reads unnamed ones from `match`).
 */
export class RouteTable<R> {
  private readonly entries: Entry<R>[] = [];

  /** Adds a route; `method` '*' matches any method. */
  add(method: string, path: string | RegExp, route: R): this {
    const { pattern, keys } = typeof path === 'string' ? compile(path) : { pattern: path, keys: [] };
    this.entries.push({ method: method.toUpperCase(), pattern, keys, route });
    return this;
  }

  /** The first route whose pattern and method match. */
  match(method: string, path: string): RouteMatch<R> {
    let methodMismatch = false;
    for (const entry of this.entries) {
      const m = entry.pattern.exec(path);
      if (!m) continue;
      if (entry.method !== '*' && entry.method !== method.toUpperCase()) {
        methodMismatch = true;
        continue;
      }
      const params: Record<string, string> = {};
      entry.keys.forEach((key, i) => {
        const raw = m[i + 1];
        if (raw !== undefined) params[key] = safeDecode(raw);
      });
      if (m.groups) for (const [k, v] of Object.entries(m.groups)) if (v !== undefined) params[k] = safeDecode(v);
      return { route: entry.route, params, match: m };
    }
    return { route: null, methodMismatch };
  }
}

function compile(path: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const optional = segment.endsWith('?');
      keys.push(segment.slice(1, optional ? -1 : undefined));
      return optional ? '?([^/]*)' : '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), keys };
}

/** Percent-decodes, keeping the raw text when it is not valid percent-encoding. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
