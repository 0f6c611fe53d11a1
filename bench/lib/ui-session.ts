import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startPreview, type RunningPreview } from '../../main/preview/preview-app.js';
import { newSecretVersionId } from '../../sandbox/state/ids.js';
import { REPO_ROOT } from './bench-env.js';
import { TLS_FILE_NAMES } from '../../sandbox/tls/certificates.js';

/** The built renderer the benchmarks measure (`npm run build`). */
export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

/** A helpdesk user eligible for PIM-Helpdesk-Network (no approval, a ticket number required). */
const HELPDESK_USER = 'alex.helpdesk@contoso-it.example';
const NETWORK_GROUP = '37b957ba-ce5c-4227-ac28-66f41c3e8352';
const PLANT_VAULT = 'kv-contoso-network';

/** Deterministic pseudo-random numbers (the same catalog every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** MSP-style secret names (systems, environments, roles, customers), `count` of them, unique. */
export function benchSecretNames(count: number): string[] {
  const random = rng(11);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const customers = ['contoso', 'fabrikam', 'northwind', 'tailspin', 'woodgrove', 'litware', 'adatum', 'proseware', 'wingtip', 'alpine'];
  const systems = ['srv', 'dc', 'sql', 'fw', 'vpn', 'router', 'switch', 'esx', 'backup', 'exchange', 'mail', 'web', 'ilo', 'idrac', 'nas', 'pbx'];
  const roles = ['root', 'admin', 'localadmin', 'service', 'readonly', 'breakglass', 'api-key', 'enable', 'sa'];
  const envs = ['prod', 'test', 'dev', 'dr', 'branch'];
  return Array.from({ length: count }, (_, i) => `${pick(customers)}-${pick(systems)}-${pick(envs)}${String(i % 100).padStart(2, '0')}-${pick(roles)}-${i}`);
}

/**
 * Adds `count` secrets to the demo network vault straight into the running sandbox's state — the
 * same records a seed would hold — so the app lists them through the real Key Vault SDK paging like
 * any other secret. Returns how many secrets the vault holds now.
 */
export function plantCatalog(preview: RunningPreview, count: number): number {
  const { store, clock } = preview.sandbox.context;
  const now = Math.floor(clock.now() / 1000);
  const vault = store.data.tenants.flatMap((t) => t.vaults).find((v) => v.name === PLANT_VAULT);
  if (!vault) throw new Error(`demo seed changed: no vault ${PLANT_VAULT}`);
  benchSecretNames(count).forEach((name, i) => {
    vault.secrets[name.toLowerCase()] = {
      name,
      versions: [{ version: newSecretVersionId(), value: `bench-${i}`, contentType: 'password', tags: { env: 'bench' }, enabled: true, created: now, updated: now }],
    };
  });
  store.changed();
  return Object.keys(vault.secrets).length;
}

/** A running preview (in-process, the same `startPreview` `npm run preview` calls) with a fresh state directory. */
export interface BenchPreview {
  readonly preview: RunningPreview;
  /** The page URL for a view: a fresh one-time launch link (token in the hash) with `?view=…`. */
  urlFor(view: 'main' | 'popup'): string;
  close(): Promise<void>;
}

/** Starts the preview on the benchmark's CA (ensureBenchCa) with a fresh sandbox. */
export async function startBenchPreview(): Promise<BenchPreview> {
  const tlsDir = process.env.JIT_VAULT_TEST_TLS_DIR;
  if (!tlsDir) throw new Error('JIT_VAULT_TEST_TLS_DIR is not set (run through ensureBenchCa).');
  const stateDir = mkdtempSync(join(tmpdir(), 'jit-vault-bench-ui-'));
  mkdirSync(join(stateDir, 'sandbox'), { recursive: true });
  for (const file of TLS_FILE_NAMES) copyFileSync(join(tlsDir, file), join(stateDir, 'sandbox', file));
  const preview = await startPreview({ stateDir, rendererDir: RENDERER_DIR, reset: true, notify: () => undefined });
  return {
    preview,
    // A fresh launch link per page: the preview's tokens are one-time (a second page on the first
    // link is refused with "Request refused"; a reload reuses the tab's next token).
    urlFor: (view) => {
      const link = new URL(preview.server.newLink());
      return `${link.origin}/${view === 'popup' ? '?view=popup' : ''}${link.hash}`;
    },
    async close() {
      // Sign out first: the preview keeps refresh tokens in the OS keychain under a per-directory service.
      for (const account of await preview.core.auth.accounts().catch(() => [])) await preview.core.signOut(account.accountId).catch(() => undefined);
      await preview.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * Signs the helpdesk user in through the app's "Sign in with the browser" button and the
 * sandbox's own sign-in page (which the preview opens in a new tab), as a user would.
 */
export async function signInHelpdeskUser(env: BenchPreview, context: BrowserContext, page: Page): Promise<void> {
  const user = env.preview.sandbox.info.users.find((u) => u.username === HELPDESK_USER);
  if (!user) throw new Error(`no sandbox user ${HELPDESK_USER}`);
  await page.goto(env.urlFor('main'));
  await page.getByRole('heading', { name: 'Sign in to JIT Vault' }).waitFor({ timeout: 30_000 });
  const [signInPage] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Sign in with the browser' }).click()]);
  await signInPage.locator('#login').fill(user.username);
  await signInPage.locator('#passwd').fill(user.password);
  await signInPage.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('tablist', { name: 'Sections' }).waitFor({ timeout: 60_000 });
  await signInPage.close().catch(() => undefined);
}

/**
 * Activates PIM-Helpdesk-Network through the core (the benchmark measures the list, not the
 * request flow, which the e2e suite covers), waits until the planted vault holds `expected` items
 * and no vault is still listing, and returns how many items the whole catalog holds: the count the
 * popup shows (the other demo vaults' names are listed too, whatever their lock state).
 */
export async function unlockPlantedVault(env: BenchPreview, expected: number, timeoutMs = 300_000): Promise<number> {
  const { core } = env.preview;
  const [account] = await core.auth.accounts();
  if (!account) throw new Error('not signed in');
  // The vault's item count, not items(): that ranks the whole catalog on every page event (O(n²) per listing).
  const listed = () => core.vault.vaultStatuses().find((s) => s.name === PLANT_VAULT)?.itemCount ?? 0;
  const settled = () => listed() >= expected && core.vault.vaultStatuses().every((s) => s.listing !== 'listing');
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`catalog has ${listed()} of ${expected} items after ${timeoutMs} ms`));
    }, timeoutMs);
    const check = () => {
      if (!settled()) return;
      clearTimeout(timer);
      off();
      resolve();
    };
    const off = core.vault.on('catalog', check);
    check();
  });
  await core.pim.activate({ accountId: account.accountId, groupId: NETWORK_GROUP, justification: 'UI benchmark', durationMinutes: 60, ticketNumber: 'BENCH-1' });
  await done;
  return core.vault.searchHits('', 1, 0).total;
}

/** A browser context like the e2e tests' (the sandbox's sign-in pages use the run's private CA). */
export async function newBenchContext(browser: Browser, viewport = { width: 520, height: 460 }): Promise<BrowserContext> {
  return browser.newContext({ ignoreHTTPSErrors: true, viewport });
}
