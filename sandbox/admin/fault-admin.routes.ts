import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { faultRuleSchema } from '../http/faults.js';
import type { Router } from '../http/router.js';
import { AdminError, queryInteger, readAdminJson } from './admin-http.js';

/** A fault rule as POSTed: the injector's schema, strict, with the cross-field checks it lacks. */
const faultRuleBodySchema = faultRuleSchema
  .strict()
  .refine((rule) => rule.kind !== 'latency' || rule.latencyMs !== undefined, { message: 'required when kind is "latency"', path: ['latencyMs'] })
  .refine((rule) => rule.vault === undefined || rule.service === 'vault' || rule.service === '*', { message: 'only applies to service "vault"', path: ['vault'] })
  .refine((rule) => rule.path === undefined || isRegExp(rule.path), { message: 'must be a valid regular expression', path: ['path'] });

const latencySchema = z.strictObject({
  entra: z.number().int().min(0).max(120_000).optional(),
  graph: z.number().int().min(0).max(120_000).optional(),
  vault: z.number().int().min(0).max(120_000).optional(),
});

function isRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * Fault injection and the request log: `GET/POST/DELETE /_admin/faults[/:id]`,
 * `GET/PUT /_admin/latency`, `GET/DELETE /_admin/requests`.
 */
export function registerFaultAdminRoutes(router: Router, context: SandboxContext): void {
  const { faults, log, store } = context;

  router.on('GET', '/_admin/faults', (ctx) => ctx.json(200, { rules: faults.list() }));
  router.on('POST', '/_admin/faults', async (ctx) => {
    const body = await readAdminJson(ctx, faultRuleBodySchema);
    if (body.vault !== undefined && !store.vault(body.vault)) throw new AdminError(400, 'ValidationFailed', `body.vault: no vault named "${body.vault}"`);
    ctx.json(201, faults.add(body));
  });
  router.on('DELETE', '/_admin/faults', (ctx) => {
    const removed = faults.list().length;
    faults.clear();
    ctx.json(200, { removed });
  });
  router.on('DELETE', '/_admin/faults/:id', (ctx) => {
    const id = ctx.params.id!;
    if (!faults.list().some((rule) => rule.id === id)) throw new AdminError(404, 'NotFound', `No fault rule with id ${id}`);
    faults.clear(id);
    ctx.json(200, { removed: 1 });
  });

  router.on('GET', '/_admin/latency', (ctx) => ctx.json(200, faults.baseLatencyMs));
  router.on('PUT', '/_admin/latency', async (ctx) => {
    const body = await readAdminJson(ctx, latencySchema);
    for (const service of ['entra', 'graph', 'vault'] as const) {
      const value = body[service];
      if (value !== undefined) faults.baseLatencyMs[service] = value;
    }
    ctx.json(200, faults.baseLatencyMs);
  });

  // The log holds method, path (never the query), status and timing: nothing secret to hand out.
  router.on('GET', '/_admin/requests', (ctx) => ctx.json(200, log.list(queryInteger(ctx, 'since', 0))));
  router.on('DELETE', '/_admin/requests', (ctx) => {
    log.clear();
    ctx.json(200, { cleared: true });
  });
}
