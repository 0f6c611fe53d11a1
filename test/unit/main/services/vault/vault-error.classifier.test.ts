import { describe, expect, it } from 'vitest';
import { AppError, CancelledError, VaultForbiddenError, VaultLockedError } from '../../../../../main/services/errors.js';
import { createSecretClient } from '../../../../../main/services/vault/secret-client.factory.js';
import { classifyVaultError, type VaultErrorContext } from '../../../../../main/services/vault/vault-error.classifier.js';
import { FakeKeyVault, kvErrorBodies, type FakeFailure } from './fake-key-vault.transport.js';

const ctx: VaultErrorContext = { vault: 'kv-contoso-servers', secretName: 'srv-dc01-root', operation: 'get' };

/** Makes the REAL SDK fail the way Key Vault would, and returns what it throws. */
async function sdkError(failure: FakeFailure): Promise<unknown> {
  const vault = new FakeKeyVault('https://kv-contoso-servers.vault.azure.net').add({ name: 'srv-dc01-root', value: 'x' });
  vault.failures.push(failure);
  const client = createSecretClient(vault.origin, { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) }, { allowLoopback: true }, { httpClient: vault, retryOptions: { maxRetries: 0 } });
  return client.getSecret('srv-dc01-root').then(
    () => {
      throw new Error('expected the SDK to throw');
    },
    (error: unknown) => error,
  );
}

describe('classifyVaultError with real SDK RestErrors', () => {
  it.each([
    ['RBAC denial', { status: 403, body: kvErrorBodies.rbac }, 'vault-forbidden-rbac', /no Key Vault role/],
    ['access policy denial', { status: 403, body: kvErrorBodies.policy }, 'vault-forbidden-policy', /access policy/],
    ['firewall', { status: 403, body: kvErrorBodies.firewall }, 'vault-forbidden-firewall', /Your network is blocked by the firewall of vault "kv-contoso-servers"/],
    ['disabled secret', { status: 403, body: kvErrorBodies.disabled }, 'vault-secret-disabled', /"srv-dc01-root" in vault "kv-contoso-servers" is disabled/],
    ['secret not found', { status: 404, body: kvErrorBodies.notFound('srv-dc01-root') }, 'vault-not-found', /no longer exists/],
    ['throttled', { status: 429, body: kvErrorBodies.throttled }, 'vault-throttled', /limiting requests/],
    ['server error after retries', { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'x' } } }, 'network', /HTTP 503/],
    ['token rejected', { status: 401, body: { error: { code: 'Unauthorized', message: 'AKV10022: Invalid audience.' } } }, 'not-signed-in', /did not accept your sign-in/],
  ] as const)('%s → %s', async (_label, failure, code, message) => {
    const error = classifyVaultError(await sdkError(failure as FakeFailure), ctx);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error).toBeInstanceOf(AppError);
  });

  it('keeps a summary of the SDK error as the cause, never its request (which carries the bearer token)', async () => {
    const raw = await sdkError({ status: 403, body: kvErrorBodies.firewall });
    const error = classifyVaultError(raw, ctx);
    expect(error).toBeInstanceOf(VaultForbiddenError);
    expect((error as VaultForbiddenError).reason).toBe('firewall');
    const sdk = raw as { name: string; message: string; code?: string };
    expect(error.cause).toMatchObject({ name: sdk.name, message: sdk.message, code: sdk.code, statusCode: 403 });
    expect(error.cause).not.toHaveProperty('request');
  });

  it('reads an RBAC 403 right after a PIM activation as "granted but not yet effective"', async () => {
    const error = classifyVaultError(await sdkError({ status: 403, body: kvErrorBodies.rbac }), { ...ctx, justGranted: true });
    expect(error.code).toBe('vault-forbidden-rbac');
    expect(error.message).toMatch(/^Access granted but not yet effective — waiting for Azure/);
  });

  it.each([
    ['firewall', kvErrorBodies.firewall, 'vault-forbidden-firewall'],
    ['policy', kvErrorBodies.policy, 'vault-forbidden-policy'],
    ['rbac', kvErrorBodies.rbac, 'vault-forbidden-rbac'],
  ] as const)('a paged listing keeps the %s inner code (the SDK drops the body for paging errors)', async (_label, body, code) => {
    const vault = new FakeKeyVault('https://kv-contoso-servers.vault.azure.net').seed(3);
    vault.failures.push({ status: 403, body });
    const client = createSecretClient(vault.origin, { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) }, { allowLoopback: true }, { httpClient: vault });
    const raw = await client.listPropertiesOfSecrets().byPage({ maxPageSize: 25 }).next().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((raw as Error).message).toMatch(/Pagination failed/);
    expect(classifyVaultError(raw, { vault: 'kv-contoso-servers', operation: 'list', permissionModel: 'accessPolicy' }).code).toBe(code);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'])('network failure %s → network', async (networkCode) => {
    const error = classifyVaultError(await sdkError({ networkCode }), ctx);
    expect(error.code).toBe('network');
    expect(error.message).toContain(networkCode);
  });
});

describe('classifyVaultError without an HTTP answer', () => {
  it('falls back on the message when the inner code is missing (older service versions)', () => {
    const firewall = { name: 'RestError', statusCode: 403, code: 'Forbidden', message: 'Public network access is disabled and request is not from a trusted service nor via an approved private link.', details: { error: { code: 'Forbidden' } } };
    expect(classifyVaultError(firewall, ctx).code).toBe('vault-forbidden-firewall');
    const legacyPolicy = { name: 'RestError', statusCode: 403, code: 'Forbidden', message: 'x', details: { error: { code: 'Forbidden', innerError: { code: 'AccessDenied' } } } };
    expect(classifyVaultError(legacyPolicy, ctx).code).toBe('vault-forbidden-policy');
  });

  it("uses the vault's permission model for a bare 403", () => {
    const bare = { name: 'RestError', statusCode: 403, code: 'Forbidden', message: 'Forbidden' };
    expect(classifyVaultError(bare, { ...ctx, permissionModel: 'accessPolicy' }).code).toBe('vault-forbidden-policy');
    expect(classifyVaultError(bare, { ...ctx, permissionModel: 'rbac' }).code).toBe('vault-forbidden-rbac');
  });

  it('DNS and TLS failures are network errors with their own advice', () => {
    expect(classifyVaultError({ name: 'RestError', code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' }, ctx).message).toMatch(/could not be found \(DNS\)/);
    const tls = classifyVaultError({ name: 'RestError', code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain' }, ctx);
    expect(tls.code).toBe('network');
    expect(tls.message).toMatch(/TLS/);
  });

  it('passes typed errors through (signed out, interaction required, locked)', () => {
    const signedOut = new AppError('not-signed-in', 'Sign in first.');
    expect(classifyVaultError(signedOut, ctx)).toBe(signedOut);
    const locked = new VaultLockedError('kv-contoso-servers');
    expect(classifyVaultError(locked, ctx)).toBe(locked);
  });

  it('an abort is the lock that caused it, or a cancellation', () => {
    const abort = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    const lock = new VaultLockedError('kv-contoso-servers', { detail: 'the PIM activation that granted it has ended' });
    expect(classifyVaultError(abort, ctx, lock)).toBe(lock);
    expect(classifyVaultError(abort, ctx)).toBeInstanceOf(CancelledError);
  });

  it('never puts more than names and codes in the message', () => {
    const error = classifyVaultError({ name: 'RestError', statusCode: 400, code: 'BadParameter', message: 'Bearer eyJhbGciOi.secret.token' }, ctx);
    expect(error.code).toBe('unknown');
    expect(error.message).not.toContain('eyJ');
  });
});
