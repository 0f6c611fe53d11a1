import { describe, expect, it } from 'vitest';
import { actionMatches, CERTIFICATE_PERMISSIONS as C, policyGrants, roleGrants, SECRET_PERMISSIONS as S } from '../../sandbox/keyvault/data-actions.js';

describe('Key Vault data actions of the built-in roles', () => {
  it('matches trailing and inner wildcards the way role definitions use them', () => {
    expect(actionMatches('Microsoft.KeyVault/vaults/*', C.create.action)).toBe(true);
    expect(actionMatches('Microsoft.KeyVault/vaults/*/read', C.get.action)).toBe(true);
    expect(actionMatches('Microsoft.KeyVault/vaults/*/read', S.get.action)).toBe(false);
    expect(actionMatches('Microsoft.KeyVault/vaults/certificates/*', C.purge.action)).toBe(true);
    expect(actionMatches('Microsoft.KeyVault/vaults/certificates/*', C.contacts.action)).toBe(false);
  });

  it('gives Reader certificate reads and secret metadata, never secret values or writes', () => {
    expect(roleGrants('Key Vault Reader', C.get.action)).toBe(true);
    expect(roleGrants('Key Vault Reader', C.listIssuers.action)).toBe(true);
    expect(roleGrants('Key Vault Reader', S.list.action)).toBe(true);
    expect(roleGrants('Key Vault Reader', S.get.action)).toBe(false);
    expect(roleGrants('Key Vault Reader', C.create.action)).toBe(false);
  });

  it('gives Certificates Officer every certificate operation but no secret value; Certificate User reads the PFX', () => {
    for (const p of Object.values(C)) expect(roleGrants('Key Vault Certificates Officer', p.action)).toBe(true);
    expect(roleGrants('Key Vault Certificates Officer', S.get.action)).toBe(false);
    expect(roleGrants('Key Vault Certificate User', S.get.action)).toBe(true);
    expect(roleGrants('Key Vault Certificate User', C.get.action)).toBe(true);
    expect(roleGrants('Key Vault Certificate User', C.update.action)).toBe(false);
    expect(roleGrants('Key Vault Secrets Officer', C.get.action)).toBe(false);
  });

  it('reads access-policy lists with all and manageissuers umbrellas', () => {
    expect(policyGrants(['all'], 'purge')).toBe(true);
    expect(policyGrants(['manageissuers'], C.setIssuer.policy)).toBe(true);
    expect(policyGrants(['get', 'list'], C.update.policy)).toBe(false);
    expect(policyGrants(['Get'], 'get')).toBe(true);
  });
});
