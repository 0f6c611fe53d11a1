import type { TokenCredential } from '@azure/core-auth';
import { describe, expect, it } from 'vitest';
import { classifyVaultError } from '../../../../../main/services/vault/vault-error.classifier.js';
import { createSecretClient, secretClientOptionsFor } from '../../../../../main/services/vault/secret-client.factory.js';
import { FakeKeyVault } from './fake-key-vault.transport.js';

/** A credential that counts how often a token was handed out. */
function countingCredential(): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    async getToken() {
      credential.calls++;
      return { token: 'opaque-test-token', expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  return credential;
}

describe('secretClientOptionsFor', () => {
  it('disables challenge resource verification for loopback vaults only', () => {
    expect(secretClientOptionsFor('https://localhost:8444').disableChallengeResourceVerification).toBe(true);
    expect(secretClientOptionsFor('https://kv-contoso.vault.azure.net').disableChallengeResourceVerification).toBeUndefined();
  });

  it('cannot be talked into the bypass for a real host through the tuning options', () => {
    const smuggled = { retryOptions: { maxRetries: 0 }, disableChallengeResourceVerification: true } as Parameters<typeof secretClientOptionsFor>[1];
    const options = secretClientOptionsFor('https://kv-contoso.vault.azure.net', smuggled);
    expect(options.disableChallengeResourceVerification).toBeUndefined();
    expect(options.retryOptions).toEqual({ maxRetries: 0 });
  });
});

describe('createSecretClient through the real SDK challenge policy', () => {
  it('works against a real-looking vault host whose challenge names vault.azure.net', async () => {
    const vault = new FakeKeyVault('https://kv-contoso.vault.azure.net').seed(2);
    const credential = countingCredential();
    const client = createSecretClient(vault.origin, credential, { httpClient: vault });
    const names: string[] = [];
    for await (const p of client.listPropertiesOfSecrets()) names.push(p.name);
    expect(names).toEqual(['secret-000', 'secret-001']);
    expect(credential.calls).toBe(1);
  });

  it('works against a loopback sandbox vault (bypass on)', async () => {
    const vault = new FakeKeyVault('https://localhost:9443').seed(1);
    const client = createSecretClient(vault.origin, countingCredential(), { httpClient: vault });
    const first = await client.listPropertiesOfSecrets().next();
    expect(first.value?.name).toBe('secret-000');
  });

  it('refuses a non-loopback, non-Azure host before any token is handed out (bypass off)', async () => {
    // A mistyped or spoofed vault URL whose server sends a genuine-looking challenge.
    const vault = new FakeKeyVault('https://kv-contoso.vault.evil.example').seed(1);
    const credential = countingCredential();
    const client = createSecretClient(vault.origin, credential, { httpClient: vault });
    const error = await client
      .listPropertiesOfSecrets()
      .next()
      .then(() => undefined, (e: unknown) => e);
    expect(String(error)).toMatch(/challenge resource 'vault.azure.net' does not match/);
    expect(credential.calls).toBe(0);
    expect(vault.seen.every((r) => !r.authorized)).toBe(true);
    expect(classifyVaultError(error, { vault: 'kv-contoso', operation: 'list' }).code).toBe('settings-invalid');
  });
});
