import type { TokenCredential } from '@azure/core-auth';
import { describe, expect, it } from 'vitest';
import { classifyVaultError } from '../../../../../main/services/vault/vault-error.classifier.js';
import { UntrustedEndpointError } from '../../../../../main/services/trusted-endpoint-guard.js';
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

const DEMO = { allowLoopback: true } as const;
const PACKAGED = { allowLoopback: false } as const;

describe('secretClientOptionsFor', () => {
  it('disables challenge resource verification for loopback vaults only, and only where loopback is allowed (demo mode)', () => {
    expect(secretClientOptionsFor('https://localhost:8444', DEMO).disableChallengeResourceVerification).toBe(true);
    expect(secretClientOptionsFor('https://kv-contoso.vault.azure.net', DEMO).disableChallengeResourceVerification).toBeUndefined();
    expect(() => secretClientOptionsFor('https://localhost:8444', PACKAGED)).toThrow(/loopback.*only the demo mode/);
  });

  it('cannot be talked into the bypass for a real host through the tuning options', () => {
    const smuggled = { retryOptions: { maxRetries: 0 }, disableChallengeResourceVerification: true } as Parameters<typeof secretClientOptionsFor>[2];
    const options = secretClientOptionsFor('https://kv-contoso.vault.azure.net', DEMO, smuggled);
    expect(options.disableChallengeResourceVerification).toBeUndefined();
    expect(options.retryOptions).toEqual({ maxRetries: 0 });
  });
});

describe('createSecretClient through the real SDK challenge policy', () => {
  it('works against a real-looking vault host whose challenge names vault.azure.net', async () => {
    const vault = new FakeKeyVault('https://kv-contoso.vault.azure.net').seed(2);
    const credential = countingCredential();
    const client = createSecretClient(vault.origin, credential, PACKAGED, { httpClient: vault });
    const names: string[] = [];
    for await (const p of client.listPropertiesOfSecrets()) names.push(p.name);
    expect(names).toEqual(['secret-000', 'secret-001']);
    expect(credential.calls).toBe(1);
  });

  it('works against a loopback sandbox vault (bypass on)', async () => {
    const vault = new FakeKeyVault('https://localhost:9443').seed(1);
    const client = createSecretClient(vault.origin, countingCredential(), DEMO, { httpClient: vault });
    const first = await client.listPropertiesOfSecrets().next();
    expect(first.value?.name).toBe('secret-000');
  });

  it('refuses a non-Azure host before any request or token (the trusted-endpoint list)', () => {
    // A mistyped or spoofed vault URL whose server would send a genuine-looking challenge.
    const vault = new FakeKeyVault('https://kv-contoso.vault.evil.example').seed(1);
    const credential = countingCredential();
    const error = (() => {
      try {
        createSecretClient(vault.origin, credential, DEMO, { httpClient: vault });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UntrustedEndpointError);
    expect(String(error)).toMatch(/kv-contoso\.vault\.evil\.example.*not a Key Vault host of a Microsoft cloud/);
    expect(credential.calls).toBe(0);
    expect(vault.seen).toEqual([]);
    expect(classifyVaultError(error, { vault: 'kv-contoso', operation: 'list' }).code).toBe('settings-invalid');
  });

  it('keeps the SDK challenge check on for real hosts: a challenge naming another resource is refused before a token', async () => {
    // A real-looking US Government vault host whose server claims the public cloud's resource.
    const vault = new FakeKeyVault('https://kv-contoso.vault.usgovcloudapi.net').seed(1);
    const credential = countingCredential();
    const client = createSecretClient(vault.origin, credential, PACKAGED, { httpClient: vault });
    const error = await client
      .listPropertiesOfSecrets()
      .next()
      .then(() => undefined, (e: unknown) => e);
    expect(String(error)).toMatch(/challenge resource 'vault.azure.net' does not match/);
    expect(credential.calls).toBe(0);
  });
});
