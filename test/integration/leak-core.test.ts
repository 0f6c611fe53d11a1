import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyringSecretStore } from '../../main/adapters/keyring.secret-store.js';
import { buildDemoSettings, vaultGrantsFromSeed } from '../../main/services/settings/demo-settings.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { appPaths, DEMO, startApp, type AppHarness } from '../faults/app-harness.js';
import {
  canaryValue,
  filesUnder,
  keychainItems,
  keychainValues,
  plantSecret,
  recentTempFiles,
  scanFiles,
  scanKeychain,
  TokenCapture,
  type KeychainItem,
  type Needle,
} from '../faults/leak-scan.js';
import { hasPrivateKeyring } from './auth-support.js';

/**
 * Leak scan of the main-process core (the renderer's storage is scanned by the e2e suite): canary
 * secret values planted in the sandbox, every token string captured (access tokens AuthService
 * handed out, every token the sandbox signed, refresh tokens MSAL persisted), then a whole working
 * session — sign-in, favourite, PIM activation to Ready, listing, copy, reveal, a settings change,
 * lock, quit — with the real FileLogger, AuditJournal, settings/favourites/pending files and the
 * real Secret Service. Afterwards every file written, every temporary file touched and every
 * keychain item is searched: zero hits, except refresh/ID tokens inside the keychain's own MSAL
 * cache item, where they belong.
 */
describe('leak scan of the core (files, temp files, keychain)', () => {
  const service = `JIT Vault leak scan ${randomUUID()}`;
  const canaries = { copy: canaryValue(), reveal: canaryValue() };
  const tokens = new TokenCapture();
  const signedBySandbox = new Set<string>();
  const started = Date.now();
  let sandbox: TestSandbox;
  let app: AppHarness;
  let dir: string;
  let keychain: KeychainItem[] = [];

  const canaryNeedles = (): Needle[] => [
    { label: 'canary (copied)', value: canaries.copy },
    { label: 'canary (revealed)', value: canaries.reveal },
  ];
  const accessNeedles = (): Needle[] => [
    ...[...tokens.accessTokens].flatMap((t) => [
      { label: 'access token', value: t },
      { label: 'access token (signature)', value: t.split('.')[2]! },
    ]),
  ];
  const issuedNeedles = (): Needle[] => [...signedBySandbox].map((t) => ({ label: 'token signed by the sandbox', value: t.split('.')[2]! }));
  const persistedNeedles = (): Needle[] => tokens.needles().filter((n) => n.label.startsWith('refresh/ID'));

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { propagationDelaySeconds: 1 } });
    await plantSecret(sandbox.info, DEMO.officer, DEMO.network.vault, 'leak-canary-copy', canaries.copy);
    await plantSecret(sandbox.info, DEMO.officer, DEMO.network.vault, 'leak-canary-reveal', canaries.reveal);
    // Every JWT the sandbox signs from now on (access and ID tokens of the app's sessions).
    const sign = sandbox.context.tokens.sign.bind(sandbox.context.tokens);
    sandbox.context.tokens.sign = async (claims) => {
      const token = await sign(claims);
      signedBySandbox.add(token);
      return token;
    };

    // A configured user (a settings file), so settings writes are part of the run.
    dir = mkdtempSync(join(tmpdir(), 'jit-vault-leak-core-'));
    const settings = buildDemoSettings(sandbox.info, vaultGrantsFromSeed(sandbox.context.store.data));
    writeFileSync(appPaths(dir).settingsFile, JSON.stringify(settings, null, 2), { mode: 0o600 });
    app = await startApp({
      sandbox: () => ({ info: sandbox.info, seed: sandbox.context.store.data }),
      dir,
      secretStore: tokens.wrapStore(new KeyringSecretStore({ service })),
    });
    tokens.watchAuth(app.core.auth);
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs inside the private keyring session, with the real Secret Service', () => {
    expect(hasPrivateKeyring).toBe(true);
  });

  it('a whole session: sign-in, favourite, activation to Ready, copy, reveal, settings change, lock, quit', async () => {
    expect(app.core.mode).toBe('configured');
    const accountId = await app.signIn();
    await app.core.settled();
    expect(app.core.auth.keychainStatus()).toBe('available');
    await app.core.vault.setFavourite({ vault: DEMO.network.vault, name: 'leak-canary-copy' }, true);
    const { requestId } = await app.core.pim.activate({ accountId, groupId: DEMO.network.groupId, justification: 'Leak scan run', durationMinutes: 30, ticketNumber: 'LEAK-1' });
    await app.waitForPhase(requestId, 'Ready');
    await app.core.vault.refresh([DEMO.network.vault]);
    await app.core.vault.copy({ vault: DEMO.network.vault, name: 'leak-canary-copy' });
    expect(app.clipboard.current()).toBe(canaries.copy);
    expect((await app.core.vault.reveal({ vault: DEMO.network.vault, name: 'leak-canary-reveal' })).value).toBe(canaries.reveal);
    await app.core.updateUiSettings({ clipboardSeconds: 10, theme: 'dark' });
    await app.core.session.lock('all', 'manual');
    expect(app.clipboard.current()).toBe('');
    await app.stop();

    keychain = await keychainItems(service);
    expect(tokens.accessTokens.size).toBeGreaterThan(1);
    expect(signedBySandbox.size).toBeGreaterThan(tokens.accessTokens.size - 1);
    expect(tokens.persistedSecrets.size).toBeGreaterThan(0);
  });

  it('what was written is there to scan: settings (+ .bak), favourites, pending requests, journal and log, by name only', () => {
    const paths = appPaths(dir);
    const files = filesUnder([dir]);
    for (const expected of [paths.settingsFile, `${paths.settingsFile}.bak`, paths.favouritesFile, paths.pendingRequestsFile]) expect(files).toContain(expected);
    expect(files.some((f) => f.startsWith(paths.journalDir))).toBe(true);
    expect(files.some((f) => f.startsWith(paths.logDir))).toBe(true);
    const journal = files.filter((f) => f.startsWith(paths.journalDir)).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(journal).toContain('leak-canary-copy'); // names are journalled...
    expect(journal).toContain('leak-canary-reveal');
    expect(readFileSync(paths.favouritesFile, 'utf8')).toContain('leak-canary-copy');
  });

  it('no canary value and no token string in any file the app wrote', () => {
    const needles = [...canaryNeedles(), ...accessNeedles(), ...issuedNeedles(), ...persistedNeedles()];
    expect(scanFiles(filesUnder([dir]), needles)).toEqual([]);
  });

  it('no canary value and no token string in any temporary file written during the run (the sandbox’s own state excepted)', () => {
    const needles = [...canaryNeedles(), ...accessNeedles(), ...issuedNeedles(), ...persistedNeedles()];
    const files = recentTempFiles(started, [sandbox.stateDir]);
    expect(files.length).toBeGreaterThan(0);
    expect(scanFiles(files, needles)).toEqual([]);
  });

  it('the keychain holds refresh/ID tokens only in its MSAL cache item, and never a canary or an access token', () => {
    const values = keychainValues(keychain);
    expect(values.map((v) => v.key)).toEqual(expect.arrayContaining([expect.stringMatching(/^msal-cache\|/)]));
    expect(scanKeychain(values, [...canaryNeedles(), ...accessNeedles()])).toEqual([]);
    const tokenHits = scanKeychain(values, [...persistedNeedles(), ...issuedNeedles()]);
    // The scan sees real content: the refresh token is where it belongs…
    expect(tokenHits.some((h) => h.label.startsWith('refresh/ID'))).toBe(true);
    // …and nowhere else.
    expect(tokenHits.filter((h) => !h.where.startsWith('keychain:msal-cache|'))).toEqual([]);
  });

  it('signing out leaves no keychain item behind', async () => {
    app = await startApp({
      sandbox: () => ({ info: sandbox.info, seed: sandbox.context.store.data }),
      dir,
      secretStore: new KeyringSecretStore({ service }),
    });
    const [account] = await app.core.auth.accounts();
    expect(account).toBeDefined();
    await app.core.signOut(account!.accountId);
    // Only the audit journal's key and head anchor stay: the journal outlives a sign-out (journal-seal.ts).
    const left = await keychainItems(service);
    // (KeyringSecretStore stores each value as a manifest item plus chunk items `<key>#a0`...)
    const names = new Set(left.map((item) => item.key.replace(/\|[0-9a-f]{16}\|/, '|<dir>|').replace(/#\w+$/, '')));
    expect([...names].sort()).toEqual(['audit-journal|<dir>|anchor', 'audit-journal|<dir>|key']);
    for (const item of left) expect(item.secret).not.toMatch(/eyJ|refresh/i);
  });
});
