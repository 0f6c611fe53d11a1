import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import type { Router } from '../http/router.js';
import type { SandboxSettings } from '../seed/schema.js';
import { readAdminJson } from './admin-http.js';

const DAY_SECONDS = 24 * 3600;

const tokenLifetime = z
  .strictObject({ min: z.number().int().min(1).max(DAY_SECONDS), max: z.number().int().min(1).max(DAY_SECONDS) })
  .refine((range) => range.min <= range.max, { message: 'min must not exceed max', path: ['min'] });

const fixedAtStart = (name: string) =>
  z.never({ error: `${name} is fixed when the sandbox starts; set it in the seed file instead` }).optional();

/**
 * PATCH body for `/_admin/settings`: any subset of {@link SandboxSettings}. Bounds keep the
 * sandbox usable (an activation cannot need a year to propagate); `null` clears the optional
 * Retry-After on Key Vault throttling. A number for `accessTokenLifetimeSeconds` sets a fixed lifetime.
 */
export const settingsPatchSchema = z.strictObject({
  propagationDelaySeconds: z.number().min(0).max(DAY_SECONDS).optional(),
  minimumActivationSeconds: z.number().min(0).max(DAY_SECONDS).optional(),
  accessTokenLifetimeSeconds: z.union([z.number().int().min(1).max(DAY_SECONDS), tokenLifetime]).optional(),
  refreshTokenLifetimeSeconds: z.number().int().min(60).max(365 * DAY_SECONDS).optional(),
  vaultRequestsPer10Seconds: z.number().int().min(1).max(1_000_000).optional(),
  vaultThrottleRetryAfterSeconds: z.number().int().min(0).max(3600).nullable().optional(),
  softDeletePropagationPolls: z.number().int().min(0).max(100).optional(),
  authorityPort: fixedAtStart('authorityPort'),
  graphPort: fixedAtStart('graphPort'),
});

/** Applies a validated patch to the live settings object (every service reads it per request). */
export function applySettingsPatch(settings: SandboxSettings, patch: z.infer<typeof settingsPatchSchema>): void {
  const { accessTokenLifetimeSeconds, vaultThrottleRetryAfterSeconds, authorityPort: _a, graphPort: _g, ...plain } = patch;
  for (const [key, value] of Object.entries(plain)) {
    if (value !== undefined) (settings as unknown as Record<string, unknown>)[key] = value;
  }
  if (typeof accessTokenLifetimeSeconds === 'number') settings.accessTokenLifetimeSeconds = { min: accessTokenLifetimeSeconds, max: accessTokenLifetimeSeconds };
  else if (accessTokenLifetimeSeconds) settings.accessTokenLifetimeSeconds = { ...accessTokenLifetimeSeconds };
  if (vaultThrottleRetryAfterSeconds === null) delete settings.vaultThrottleRetryAfterSeconds;
  else if (vaultThrottleRetryAfterSeconds !== undefined) settings.vaultThrottleRetryAfterSeconds = vaultThrottleRetryAfterSeconds;
}

/** `GET/PATCH /_admin/settings`: the sandbox's behaviour knobs, persisted with the state. */
export function registerSettingsAdminRoutes(router: Router, context: SandboxContext): void {
  const { store } = context;
  router.on('GET', '/_admin/settings', (ctx) => ctx.json(200, store.data.settings));
  router.on('PATCH', '/_admin/settings', async (ctx) => {
    const patch = await readAdminJson(ctx, settingsPatchSchema);
    applySettingsPatch(store.data.settings, patch);
    store.changed();
    ctx.json(200, store.data.settings);
  });
}
