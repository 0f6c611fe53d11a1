import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SecretClient } from '@azure/keyvault-secrets';
import type { AuthService } from '../../main/services/auth/auth.service.js';
import type { SecretStore } from '../../main/services/ports/secret-store.js';
import type { ReadyInfo } from '../../sandbox/ready-info.js';
import { createTestMsalApp, msalTokenCredential, signInWithPassword } from '../helpers/msal.js';

/**
 * Leak-scan helpers (not a test file): plant canary secret values in the sandbox, capture every
 * token string the app handles, and search files, temporary folders and keychain items for them.
 * Nothing here prints a canary or a token: hits name the file (or keychain item) and the needle's
 * label only.
 */

const run = promisify(execFile);

/** A string that must not appear somewhere, and the label a hit reports instead of it. */
export interface Needle {
  label: string;
  value: string;
}

/** Where a needle was found. */
export interface Hit {
  where: string;
  label: string;
}

/** A fresh, unmistakable canary secret value. */
export function canaryValue(): string {
  return `CANARY-${randomBytes(18).toString('base64url')}`;
}

/**
 * Sets `name` = `value` in a sandbox vault through the Key Vault SDK, signed in as `officer`
 * (a Secrets Officer), exactly as an administrator would store a password.
 */
export async function plantSecret(info: ReadyInfo, officer: string, vault: string, name: string, value: string): Promise<void> {
  const user = info.users.find((u) => u.username === officer && u.tenantId === info.tenantId);
  const url = info.vaults.find((v) => v.name === vault)?.url;
  if (!user || !url) throw new Error(`no sandbox user ${officer} or vault ${vault}`);
  const app = createTestMsalApp(info);
  const result = await signInWithPassword(app, user.username, user.password, ['https://vault.azure.net/.default']);
  const client = new SecretClient(url, msalTokenCredential(app, result.account!), { disableChallengeResourceVerification: true });
  await client.setSecret(name, value, { contentType: 'password' });
}

/**
 * Token strings the app handled: every access token AuthService hands to the SDKs, and every secret
 * MSAL asked the keychain to keep (refresh and ID tokens). Installed by wrapping the instance's
 * `getAccessToken` (services call it through the same object) and the SecretStore.
 */
export class TokenCapture {
  readonly accessTokens = new Set<string>();
  readonly persistedSecrets = new Set<string>();

  /** Wraps `auth.getAccessToken` so every token it returns is recorded. */
  watchAuth(auth: AuthService): void {
    const original = auth.getAccessToken.bind(auth);
    auth.getAccessToken = async (...args: Parameters<AuthService['getAccessToken']>) => {
      const token = await original(...args);
      this.accessTokens.add(token.token);
      return token;
    };
  }

  /** A SecretStore that records the token secrets inside every value written through it. */
  wrapStore(store: SecretStore): SecretStore {
    return {
      get: (key) => store.get(key),
      delete: (key) => store.delete(key),
      isAvailable: () => store.isAvailable(),
      set: async (key, value) => {
        for (const secret of msalCacheSecrets(value)) this.persistedSecrets.add(secret);
        await store.set(key, value);
      },
    };
  }

  /** Needles for every token seen: the whole string and its last 24 characters (a cut-off copy still counts). */
  needles(): Needle[] {
    const out: Needle[] = [];
    for (const [label, set] of [
      ['access token', this.accessTokens],
      ['refresh/ID token', this.persistedSecrets],
    ] as const) {
      for (const token of set) out.push({ label, value: token }, { label: `${label} (tail)`, value: token.slice(-24) });
    }
    return out;
  }
}

/** The `secret` fields of an MSAL JSON cache (refresh, ID and access tokens); [] for anything else. */
export function msalCacheSecrets(text: string): string[] {
  try {
    const cache = JSON.parse(text) as Record<string, Record<string, { secret?: unknown }> | undefined>;
    return Object.values(cache)
      .flatMap((section) => Object.values(section ?? {}))
      .map((entry) => entry?.secret)
      .filter((secret): secret is string => typeof secret === 'string' && secret.length >= 16);
  } catch {
    return [];
  }
}

/** Every regular file under `paths` (files or folders), skipping `exclude` prefixes and files over 20 MB. */
export function filesUnder(paths: string[], exclude: string[] = [], depth = 8): string[] {
  const out: string[] = [];
  const visit = (path: string, level: number) => {
    if (exclude.some((prefix) => path.startsWith(prefix))) return;
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      return; // removed meanwhile, or not ours to read
    }
    if (stat.isFile() && stat.size <= 20 * 1024 * 1024) out.push(path);
    else if (stat.isDirectory() && level < depth) {
      let entries: string[] = [];
      try {
        entries = readdirSync(path);
      } catch {
        return;
      }
      for (const entry of entries) visit(join(path, entry), level + 1);
    }
  };
  for (const path of paths) visit(path, 0);
  return out;
}

/** Files in the system temporary folder changed since `sinceMs` (other than `exclude`). */
export function recentTempFiles(sinceMs: number, exclude: string[]): string[] {
  return filesUnder([tmpdir()], exclude, 4).filter((file) => {
    try {
      return lstatSync(file).mtimeMs >= sinceMs;
    } catch {
      return false;
    }
  });
}

/** Searches `files` for every needle (UTF-8 text and raw bytes alike). */
export function scanFiles(files: string[], needles: Needle[]): Hit[] {
  const hits: Hit[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file).toString('latin1'); // byte-exact: finds ASCII needles in any encoding-agnostic file
    } catch {
      continue;
    }
    for (const needle of needles) if (needle.value && text.includes(needle.value)) hits.push({ where: file, label: needle.label });
  }
  return hits;
}

/** One item of the Secret Service: its `username` attribute (our key) and its secret. */
export interface KeychainItem {
  key: string;
  secret: string;
}

/**
 * Every item stored under `service`, read with libsecret's own CLI (an independent view): keys from
 * `secret-tool search --all` (attributes on stderr), each secret with `secret-tool lookup`.
 */
export async function keychainItems(service: string): Promise<KeychainItem[]> {
  const { stderr } = await run('secret-tool', ['search', '--all', 'service', service]).catch((error: { stderr?: string; code?: number }) => {
    if (error.code === 1) return { stderr: error.stderr ?? '' }; // nothing matches
    throw new Error(`secret-tool search failed (exit ${String(error.code)})`);
  });
  const keys = stderr
    .split('\n')
    .filter((line) => line.startsWith('attribute.username = '))
    .map((line) => line.slice('attribute.username = '.length));
  const items: KeychainItem[] = [];
  for (const key of keys) {
    // A chunk can vanish between the search and its lookup (the journal's anchor moves to its other
    // slot on every append); what is gone is not left behind.
    const found = await run('secret-tool', ['lookup', 'service', service, 'username', key]).catch((error: { code?: number }) => {
      if (error.code === 1) return undefined;
      throw error;
    });
    if (found) items.push({ key, secret: found.stdout });
  }
  return items;
}

/**
 * Keychain items regrouped per stored value: KeyringSecretStore splits a value into chunk items
 * (`key#a0`, `key#a1`, … next to the manifest item `key`), so a token may straddle two chunks. Each
 * entry holds the manifest and every chunk slot joined in index order.
 */
export function keychainValues(items: KeychainItem[]): KeychainItem[] {
  const byKey = new Map<string, { manifest: string; slots: Map<string, string[]> }>();
  for (const item of items) {
    const match = /^(.*)#([ab])(\d+)$/.exec(item.key);
    const base = match ? match[1]! : item.key;
    const entry = byKey.get(base) ?? { manifest: '', slots: new Map<string, string[]>() };
    if (!match) entry.manifest = item.secret;
    else {
      const chunks = entry.slots.get(match[2]!) ?? [];
      chunks[Number(match[3])] = item.secret;
      entry.slots.set(match[2]!, chunks);
    }
    byKey.set(base, entry);
  }
  return [...byKey.entries()].map(([key, entry]) => ({ key, secret: [entry.manifest, ...[...entry.slots.values()].map((chunks) => chunks.join(''))].join('\n') }));
}

/** Hits of `needles` inside keychain values (see `keychainValues`), as `keychain:<key>`. */
export function scanKeychain(values: KeychainItem[], needles: Needle[]): Hit[] {
  return values.flatMap((item) => needles.filter((n) => n.value && item.secret.includes(n.value)).map((n) => ({ where: `keychain:${item.key}`, label: n.label })));
}
