import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import type { Router } from '../http/router.js';
import { readAdminJson } from './admin-http.js';

/** Ten years: far past any token, activation or purge date; beyond that a test is confused. */
const MAX_ADVANCE_MS = 10 * 365 * 24 * 3600 * 1000;

/**
 * Body of `POST /_admin/clock/advance`: exactly one of `seconds` or `ms`, positive. The clock
 * only moves forward: tokens, schedules and purge dates assume monotonic time.
 */
export const clockAdvanceSchema = z
  .strictObject({
    seconds: z.number().positive().max(MAX_ADVANCE_MS / 1000).optional(),
    ms: z.number().int().positive().max(MAX_ADVANCE_MS).optional(),
  })
  .refine((body) => (body.seconds === undefined) !== (body.ms === undefined), { message: 'give exactly one of seconds or ms', path: ['seconds'] });

/** `GET /_admin/clock` and `POST /_admin/clock/advance`. */
export function registerClockAdminRoutes(router: Router, context: SandboxContext): void {
  const { clock, store } = context;
  const describe = () => ({ now: clock.iso(), epochMs: clock.now(), offsetMs: clock.offset });
  router.on('GET', '/_admin/clock', (ctx) => ctx.json(200, describe()));
  router.on('POST', '/_admin/clock/advance', async (ctx) => {
    const body = await readAdminJson(ctx, clockAdvanceSchema);
    clock.advance(body.ms ?? Math.round(body.seconds! * 1000));
    // The offset is part of the persisted state: a restarted sandbox keeps the same time.
    store.changed();
    ctx.json(200, describe());
  });
}
