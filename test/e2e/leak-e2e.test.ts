import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canaryValue,
  filesUnder,
  keychainItems,
  keychainValues,
  msalCacheSecrets,
  plantSecret,
  recentTempFiles,
  scanFiles,
  scanKeychain,
  TokenCapture,
  type Hit,
  type KeychainItem,
  type Needle,
} from '../faults/leak-scan.js';
import { chromiumPath } from './helpers/chromium.js';
import { captureProcessOutput, captureTokenResponses, dumpPageStorage, scanText, type WireTokens } from './helpers/leak-capture.js';
import { startTestPreview, type TestPreview } from './helpers/preview.js';
import { TOKEN_STORAGE_KEY } from '../../shared/ipc/web-bridge.js';
import { signInWithBrowser } from './helpers/sign-in.js';

/**
 * Leak scan after a whole session in the browser: canary secret values planted in the sandbox, then
 * in Chromium through `npm run preview` (the real core, IPC handler table and web bridge) a helpdesk
 * user signs in on the sandbox's page, requests access that needs approval (approved through the
 * admin API) through Ready, searches, copies (clipboard read back, then cleared), reveals (auto-
 * hidden) and locks. Every token string is captured — the token endpoint's answers on the wire
 * (refresh, access, ID), every JWT the sandbox signed, every access token AuthService handed out,
 * and what MSAL keeps in the keychain. Then the preview's settings folder (settings, journal,
 * logs), this process's stdout/stderr and Chromium's, the page's console, the renderer's storage
 * (localStorage, sessionStorage, IndexedDB, Cache Storage), the Chromium profile on disk (a
 * persistent profile, as Electron's default session is), temporary files, the DOM after lock and
 * the keychain are searched: zero hits, except refresh/ID tokens in the keychain's MSAL cache item.
 * The one bounded reveal is checked to be visible while shown (so the DOM scan can see a value).
 */
const run = promisify(execFile);
const RENDERER = join(process.cwd(), 'out', 'renderer');
const SERVERS_GROUP = '480ca4e5-1d02-4348-9047-4c462899391c';
const SERVERS_VAULT = 'kv-contoso-servers';
const OFFICER = 'sara.admin@contoso-it.example';

const canaries = { copy: canaryValue(), reveal: canaryValue() };
const names = { copy: 'leak-canary-copy', reveal: 'leak-canary-reveal' };
const tokens = new TokenCapture();
const signedBySandbox = new Set<string>();
const started = Date.now();
let wire: WireTokens;
let output: ReturnType<typeof captureProcessOutput>;
let env: TestPreview;
let stateDir: string;
let profileDir: string;
let context: BrowserContext;
let page: Page;
let browserLog = '';
let consoleLog = '';
let keychain: KeychainItem[] = [];
let keychainService = '';
const storageDumps: { where: string; text: string }[] = [];
const domAfterLock: { where: string; text: string }[] = [];

const canaryNeedles = (): Needle[] => [
  { label: 'canary (copied)', value: canaries.copy },
  { label: 'canary (revealed)', value: canaries.reveal },
];
const signature = (jwt: string) => jwt.split('.')[2] ?? jwt;
/** Access tokens the app used (AuthService), whole and by signature: never anywhere, keychain included. */
const accessNeedles = (): Needle[] => [...tokens.accessTokens].flatMap((t) => [
  { label: 'access token', value: t },
  { label: 'access token (signature)', value: signature(t) },
]);
/** Every JWT the sandbox signed or sent (access and ID tokens), by signature. */
const jwtNeedles = (): Needle[] => [...new Set([...signedBySandbox, ...wire.jwts])].map((t) => ({ label: 'JWT issued by the sandbox', value: signature(t) }));
/** Every refresh token the token endpoint sent, and MSAL's persisted secrets; whole and by tail. */
const refreshNeedles = (): Needle[] => [...new Set([...wire.refreshTokens, ...tokens.persistedSecrets])].flatMap((t) => [
  { label: 'refresh/ID token', value: t },
  { label: 'refresh/ID token (tail)', value: t.slice(-24) },
]);
const allNeedles = () => [...canaryNeedles(), ...accessNeedles(), ...jwtNeedles(), ...refreshNeedles()];

const activeOptionText = () => page.evaluate(() => document.getElementById(document.activeElement?.getAttribute('aria-activedescendant') ?? '')?.textContent ?? '');
const clipboardText = () => page.evaluate(() => navigator.clipboard.readText());

async function open(view: 'main' | 'popup'): Promise<void> {
  await page.goto(env.urlFor(view));
  await page.waitForFunction(() => document.querySelector('main') !== null);
}

async function search(query: string): Promise<void> {
  const box = page.getByRole('combobox', { name: /Search secrets/ });
  await box.focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.type(query);
}

beforeAll(async () => {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first (npm test and npm run test:e2e do).');
  output = captureProcessOutput();
  wire = captureTokenResponses();
  env = await startTestPreview(RENDERER);
  // The preview's state folder (its sandbox CA lives in <stateDir>/sandbox).
  stateDir = dirname(dirname(env.preview.sandbox.info.caCertPath));
  // The preview's keychain service (main/preview/preview-app.ts): one per state folder.
  keychainService = `JIT Vault preview ${createHash('sha256').update(stateDir).digest('hex').slice(0, 12)}`;
  await env.admin('PATCH', '/settings', { propagationDelaySeconds: 1 });
  for (const kind of ['copy', 'reveal'] as const) await plantSecret(env.preview.sandbox.info, OFFICER, SERVERS_VAULT, names[kind], canaries[kind]);
  const tokenService = env.preview.sandbox.context.tokens;
  const sign = tokenService.sign.bind(tokenService);
  tokenService.sign = async (claims) => {
    const token = await sign(claims);
    signedBySandbox.add(token);
    return token;
  };
  tokens.watchAuth(env.preview.core.auth);

  // A persistent profile on disk (Electron's default session persists too), with the e2e launch flags.
  profileDir = mkdtempSync(join(tmpdir(), 'jit-vault-leak-profile-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu'],
    ignoreHTTPSErrors: true,
    viewport: { width: 720, height: 800 },
    // The browser process's own stdout/stderr (crash output); not the protocol, which carries our own reads.
    logger: { isEnabled: (name) => name === 'browser', log: (_name, _severity, message) => void (browserLog += `${String(message)}\n`) },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.preview.url).origin });
  context.on('console', (message) => void (consoleLog += `${message.text()}\n`));
  page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await env?.close();
  // The preview stays signed in after quitting: remove its keychain items (the private keyring's anyway).
  if (keychainService) await run('secret-tool', ['clear', 'service', keychainService]).catch(() => undefined);
  wire?.restore();
  output?.restore();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

describe('leak scan after an end-to-end session (preview + sandbox in Chromium)', () => {
  it('runs inside the private keyring session, with the real Secret Service', () => {
    expect(process.env.JIT_VAULT_PRIVATE_KEYRING, 'run through scripts/with-keyring.sh (npm test / npm run test:e2e do)').toBe('1');
  });

  it('signs in on the sandbox sign-in page; short clipboard and reveal timeouts', async () => {
    await open('main');
    const helpdesk = env.preview.sandbox.info.users.find((u) => u.username.startsWith('alex.helpdesk'))!;
    await signInWithBrowser(page, helpdesk);
    expect(env.preview.core.auth.keychainStatus()).toBe('available');
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('spinbutton', { name: /Clear the clipboard after/ }).fill('5');
    await page.getByRole('spinbutton', { name: /Hide a revealed value after/ }).fill('3');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('tab', { name: 'Access' }).click();
  });

  it('requests access that needs approval; approved through the admin API; follows it to Ready', async () => {
    await page.getByRole('region', { name: 'Groups you can activate' }).getByRole('button', { name: 'Request access to PIM-Helpdesk-Servers' }).click();
    const form = page.getByRole('form', { name: 'Request access to PIM-Helpdesk-Servers' });
    await form.getByRole('textbox', { name: /Justification/ }).fill('Leak scan: password reset, ticket INC-4711');
    await form.getByRole('button', { name: 'Request access' }).click();
    type Requests = { requests: { id: string }[] };
    const pendingPath = `/pim/requests?status=PendingApproval&groupId=${SERVERS_GROUP}`;
    await expect.poll(async () => (await env.admin<Requests>('GET', pendingPath)).requests.length, { timeout: 30_000 }).toBe(1);
    const [request] = (await env.admin<Requests>('GET', pendingPath)).requests;
    await env.admin('POST', `/pim/requests/${request!.id}/approve`, { justification: 'ok' });
    await expect.poll(() => page.getByRole('region', { name: 'Vaults' }).textContent(), { timeout: 60_000 }).toMatch(/kv-contoso-servers.*Unlocked/);
  });

  it('quick lookup: search, copy (clipboard read back, then cleared), reveal (shown, then auto-hidden)', async () => {
    await open('popup');
    await search(names.copy);
    await expect.poll(activeOptionText, { timeout: 30_000 }).toContain(names.copy);
    await page.keyboard.press('Control+d'); // a favourite: the favourites file is written too
    await expect.poll(activeOptionText).toContain('Favourite');
    await page.keyboard.press('Enter');
    await page.getByText(/Clipboard clears in/).waitFor();
    expect(await clipboardText()).toBe(canaries.copy);
    await expect.poll(clipboardText, { timeout: 15_000 }).toBe('');

    await search(names.reveal);
    await expect.poll(activeOptionText, { timeout: 15_000 }).toContain(names.reveal);
    await page.keyboard.press('Shift+Enter');
    // The one bounded reveal: the DOM holds the value while shown (so a DOM scan does see values)…
    await expect.poll(async () => scanText('DOM', await page.content(), canaryNeedles())).toEqual([{ where: 'DOM', label: 'canary (revealed)' }]);
    // …and not after the auto-hide.
    await expect.poll(async () => scanText('DOM', await page.content(), canaryNeedles()), { timeout: 10_000 }).toEqual([]);
  });

  it('locks from the access window; the DOM after lock and the renderer storage hold no value and no token', async () => {
    await open('main');
    await page.getByRole('button', { name: 'Lock now' }).click();
    await page.getByRole('heading', { name: /Locked/ }).waitFor({ timeout: 15_000 });
    expect(env.preview.core.session.grants()).toEqual([]);
    for (const each of context.pages()) {
      domAfterLock.push({ where: `DOM ${each.url()}`, text: await each.content() });
      const storage = await dumpPageStorage(each);
      storageDumps.push({ where: `storage ${new URL(each.url()).origin}`, text: storage.text });
    }
    // The bridge keeps its (one-time, rotated) preview token in sessionStorage: the dump does read real storage.
    expect(storageDumps.some((d) => d.text.includes(TOKEN_STORAGE_KEY))).toBe(true);
    const needles = allNeedles();
    expect([...domAfterLock, ...storageDumps].flatMap((d) => scanText(d.where, d.text, needles))).toEqual([]);
  });

  it('quits: every capture saw tokens', async () => {
    // Quit the app while its page is open (as a user would), then close the browser (profile flushed to disk).
    await env.preview.close();
    await context.close();
    keychain = await keychainItems(keychainService);
    expect(keychain.length).toBeGreaterThan(0);
    // What MSAL keeps (the manifest's chunks joined: see keychainValues) — refresh and ID tokens.
    for (const item of keychainValues(keychain).filter((v) => v.key.startsWith('msal-cache|'))) {
      for (const part of item.secret.split('\n').slice(1)) for (const secret of msalCacheSecrets(part)) tokens.persistedSecrets.add(secret);
    }
    expect(tokens.accessTokens.size).toBeGreaterThan(1);
    expect(signedBySandbox.size).toBeGreaterThan(1);
    expect(wire.refreshTokens.size).toBeGreaterThan(0);
    expect(tokens.persistedSecrets.size).toBeGreaterThan(0);
    // The wire capture is complete: everything MSAL persisted went over it.
    expect([...tokens.persistedSecrets].filter((t) => !wire.refreshTokens.has(t) && !wire.jwts.has(t))).toEqual([]);
  });

  it('no canary and no token in the settings folder, journal and logs, or in anything printed', () => {
    const appDir = join(stateDir, 'app');
    const files = filesUnder([appDir]);
    // Demo mode keeps settings in memory (no settings file); favourites, journal and logs are written.
    const written = files.map((f) => f.slice(appDir.length + 1));
    expect(written.some((f) => f.startsWith('journal/')), written.join(', ')).toBe(true);
    expect(written.some((f) => f.startsWith('logs/')), written.join(', ')).toBe(true);
    expect(written, written.join(', ')).toContain('favourites.json');
    const needles = allNeedles();
    const hits: Hit[] = [
      ...scanFiles(files, needles),
      ...scanText('stdout/stderr of the test process (preview, core, sandbox)', output.text(), needles),
      ...scanText("Chromium's stdout/stderr", browserLog, needles),
      ...scanText('page console', consoleLog, needles),
    ];
    expect(hits).toEqual([]);
  });

  it('no canary and no token in the Chromium profile on disk or in temporary files written during the run', () => {
    const profile = filesUnder([profileDir], [], 12);
    expect(profile.length).toBeGreaterThan(10);
    const temp = recentTempFiles(started, [join(stateDir, 'sandbox'), profileDir]);
    // The sandbox's own state (Azure's side) holds the canaries: the same scan finds them there.
    expect(scanFiles(filesUnder([join(stateDir, 'sandbox')]), canaryNeedles()).length).toBeGreaterThan(0);
    expect([...scanFiles(profile, allNeedles()), ...scanFiles(temp, allNeedles())]).toEqual([]);
  });

  it('the keychain holds refresh/ID tokens only in its MSAL cache item, never a canary or an access token', () => {
    const values = keychainValues(keychain);
    expect(scanKeychain(values, [...canaryNeedles(), ...accessNeedles()])).toEqual([]);
    const tokenHits = scanKeychain(values, [...refreshNeedles(), ...jwtNeedles()]);
    expect(tokenHits.some((h) => h.where.startsWith('keychain:msal-cache|') && h.label.startsWith('refresh/ID'))).toBe(true);
    expect(tokenHits.filter((h) => !h.where.startsWith('keychain:msal-cache|'))).toEqual([]);
  });
});
