import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** Which sandbox origin a request hit. */
export type ServiceName = 'entra' | 'graph' | 'vault' | 'imds' | 'admin';

/** A fault rule, as the admin API accepts it. */
export const faultRuleSchema = z.object({
  service: z.enum(['entra', 'graph', 'vault', 'imds', '*']).default('*'),
  /** Only for this vault (service 'vault'). */
  vault: z.string().optional(),
  method: z.string().optional(),
  /** Regular expression tested against the request path (no query). */
  path: z.string().optional(),
  kind: z.enum(['latency', 'status', 'reset']),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  status: z.number().int().min(400).max(599).optional(),
  /** Retry-After header value in seconds; omitted = no header. */
  retryAfterSeconds: z.number().int().min(0).optional(),
  /** How many requests it applies to; omitted = until removed. */
  count: z.number().int().min(1).optional(),
  /** Applies to every Nth matching request only (20: 5 % of them, evenly spread; deterministic for benchmarks). */
  every: z.number().int().min(1).optional(),
});
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.infer<typeof faultRuleSchema> & { id: string; remaining: number | null; matched: number };

/** What the pipeline must do to a request before (or instead of) routing it. */
export interface FaultDecision {
  latencyMs: number;
  reset: boolean;
  status?: { code: number; retryAfterSeconds?: number };
}

/**
 * Per-route fault injection: latency, error statuses (429/5xx with or without Retry-After) and
 * connection resets. Also holds a base latency per service to model a real network in benchmarks.
 */
export class FaultInjector {
  private rules: FaultRule[] = [];
  /** Base latency added to every request of a service (ms). */
  readonly baseLatencyMs: Record<'entra' | 'graph' | 'vault', number> = { entra: 0, graph: 0, vault: 0 };

  /** Adds a rule and returns it with its id. */
  add(input: FaultRuleInput): FaultRule {
    const parsed = faultRuleSchema.parse(input);
    if (parsed.path !== undefined) new RegExp(parsed.path); // throws on an invalid pattern
    const rule: FaultRule = { ...parsed, id: randomUUID(), remaining: parsed.count ?? null, matched: 0 };
    this.rules.push(rule);
    return rule;
  }

  /** Removes one rule, or all when `id` is omitted. */
  clear(id?: string): void {
    this.rules = id ? this.rules.filter((r) => r.id !== id) : [];
  }

  list(): FaultRule[] {
    return [...this.rules];
  }

  /** Decides the faults for one request, consuming counted rules. */
  decide(service: ServiceName, vault: string | undefined, method: string, path: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: service === 'admin' || service === 'imds' ? 0 : this.baseLatencyMs[service], reset: false };
    if (service === 'admin') return decision;
    for (const rule of this.rules) {
      if (rule.service !== '*' && rule.service !== service) continue;
      if (rule.vault && rule.vault.toLowerCase() !== vault?.toLowerCase()) continue;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.path && !new RegExp(rule.path).test(path)) continue;
      if (rule.every !== undefined && ++rule.matched % rule.every !== 0) continue;
      if (rule.remaining !== null) {
        if (rule.remaining <= 0) continue;
        rule.remaining -= 1;
      }
      if (rule.kind === 'latency') decision.latencyMs += rule.latencyMs ?? 0;
      else if (rule.kind === 'reset') decision.reset = true;
      else if (!decision.status) {
        decision.status = { code: rule.status ?? 503, ...(rule.retryAfterSeconds !== undefined ? { retryAfterSeconds: rule.retryAfterSeconds } : {}) };
      }
    }
    this.rules = this.rules.filter((r) => r.remaining === null || r.remaining > 0);
    return decision;
  }
}
