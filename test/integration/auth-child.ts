/**
 * "The app, started again": a separate Node process that builds the real KeyringSecretStore and
 * AuthService, does one task and prints ONE JSON line. It never prints a token: only claims,
 * hashes and statuses. Used by test/integration/auth-*.test.ts through runAuthChild().
 */
import { createHash } from 'node:crypto';
import { KeyringSecretStore } from '../../main/adapters/keyring.secret-store.js';
import { AuthService } from '../../main/services/auth/auth.service.js';
import type { TenantSettings } from '../../main/services/settings/settings.schema.js';
import { completeDeviceCode, decodeJwtPayload, type BrowserUser } from '../helpers/msal.js';

/** What the parent asks for. */
export type ChildTask =
  | { kind: 'status'; service: string; tenants: TenantSettings[] }
  | { kind: 'silent'; service: string; tenants: TenantSettings[] }
  | { kind: 'device-code'; service: string; tenants: TenantSettings[]; tenantId: string; user: BrowserUser }
  | { kind: 'store-roundtrip'; service: string };

/** A token as the child reports it: never the token itself. */
export interface TokenReport {
  sha256: string;
  aud: unknown;
  oid: unknown;
  tid: unknown;
}

function report(token: string): TokenReport {
  const claims = decodeJwtPayload<Record<string, unknown>>(token);
  return { sha256: createHash('sha256').update(token).digest('hex'), aud: claims.aud, oid: claims.oid, tid: claims.tid };
}

async function main(): Promise<unknown> {
  const task = JSON.parse(process.argv[2] ?? '{}') as ChildTask;
  const store = new KeyringSecretStore({ service: task.service });
  if (task.kind === 'store-roundtrip') {
    const available = await store.isAvailable();
    let error: string | undefined;
    try {
      await store.set('probe-value', 'x'.repeat(5000));
    } catch (e) {
      error = (e as Error).name;
    }
    return { available, error };
  }
  const auth = await AuthService.create({ endpoints: { allowLoopback: true }, tenants: task.tenants, secretStore: store });
  if (task.kind === 'device-code') {
    const abort = new AbortController();
    const account = await auth.signInWithDeviceCode(
      task.tenantId,
      (info) => {
        // A failed page walk stops MSAL's polling instead of waiting for the code to expire.
        completeDeviceCode(info.verificationUri, info.userCode, task.user).catch(() => abort.abort());
      },
      abort.signal,
    );
    const vault = await auth.getAccessToken(account.accountId, 'vault');
    return { status: auth.keychainStatus(), account, vault: report(vault.token) };
  }
  const accounts = await auth.accounts();
  if (task.kind === 'status' || accounts.length === 0) return { status: auth.keychainStatus(), accounts };
  const first = accounts[0]!;
  const vault = await auth.getAccessToken(first.accountId, 'vault');
  const again = await auth.getAccessToken(first.accountId, 'vault');
  const forced = await auth.getAccessToken(first.accountId, 'vault', { forceRefresh: true });
  const graph = await auth.getAccessToken(first.accountId, 'graph');
  return { status: auth.keychainStatus(), accounts, vault: report(vault.token), again: report(again.token), forced: report(forced.token), graph: report(graph.token) };
}

main().then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    const e = error as { name?: string; code?: string; message?: string };
    process.stdout.write(`${JSON.stringify({ error: { name: e.name, code: e.code, message: e.message } })}\n`);
    process.exit(1);
  },
);
