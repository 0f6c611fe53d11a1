import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seedSchema, type Seed } from './schema.js';
import type { SandboxData, SecretRecord, TenantState, VaultState } from '../state/model.js';
import { newSecretVersionId } from '../state/ids.js';
import { seedCertificates } from './seed-certificates.js';

/** The demo tenant that ships with the repository. */
export const DEMO_SEED_PATH = fileURLToPath(new URL('./demo.json', import.meta.url));

/** Thrown for an unreadable or invalid seed file, naming the field at fault. */
export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedError';
  }
}

/** Reads and validates a seed file; returns the parsed seed and a hash of its text. */
export function readSeed(path: string): { seed: Seed; hash: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SeedError(`Cannot read seed file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SeedError(`Seed file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = seedSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SeedError(`Seed file ${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return { seed: parsed.data, hash: createHash('sha256').update(text).digest('hex') };
}

const DAY = 24 * 3600;

/** Turns a validated seed into fresh sandbox state, with relative dates resolved against `nowMs`. */
export function seedToData(seed: Seed, nowMs: number): SandboxData {
  const iso = new Date(nowMs).toISOString();
  const nowS = Math.floor(nowMs / 1000);
  const tenants: TenantState[] = seed.tenants.map((t) => ({
    id: t.id,
    displayName: t.displayName,
    domain: t.domain,
    users: t.users.map((u) => ({ ...u })),
    groups: t.groups.map((g) => ({ ...g, createdDateTime: iso })),
    eligibilities: t.eligibilities.map((e) => ({
      id: randomUUID(),
      groupId: e.groupId,
      principalId: e.principalId,
      accessId: e.accessId,
      createdDateTime: iso,
      startDateTime: iso,
      endDateTime: e.expiresInDays === undefined ? null : new Date(nowMs + e.expiresInDays * DAY * 1000).toISOString(),
    })),
    policies: t.policies.map((p) => ({
      id: `Group_${p.groupId}_${randomUUID()}`,
      groupId: p.groupId,
      accessId: p.accessId,
      maximumDuration: p.maximumDuration,
      requireJustification: p.requireJustification,
      requireTicket: p.requireTicket,
      requireMfa: p.requireMfa,
      requireApproval: p.requireApproval,
      ...(p.authenticationContext ? { authenticationContext: p.authenticationContext } : {}),
      approvers: p.approvers,
      lastModifiedDateTime: iso,
    })),
    managedIdentities: t.managedIdentities.map((m) => ({ ...m })),
    requests: [],
    assignments: [],
    approvals: [],
    vaults: t.vaults.map((v): VaultState => ({
      name: v.name,
      tenantId: t.id,
      ...(v.port ? { port: v.port } : {}),
      location: v.location,
      permissionModel: v.permissionModel,
      roleAssignments: v.roleAssignments.map((a) => ({ id: randomUUID(), ...a })),
      accessPolicies: v.accessPolicies,
      firewallEnabled: v.firewallEnabled,
      softDeleteRetentionDays: v.softDeleteRetentionDays,
      purgeProtection: v.purgeProtection,
      secrets: Object.fromEntries(
        v.secrets.map((s): [string, SecretRecord] => [
          s.name.toLowerCase(),
          {
            name: s.name,
            versions: s.versions.map((ver) => {
              const created = nowS - Math.round(ver.createdDaysAgo * DAY);
              return {
                version: newSecretVersionId(),
                value: ver.value,
                ...(ver.contentType ? { contentType: ver.contentType } : {}),
                ...(ver.tags ? { tags: ver.tags } : {}),
                enabled: ver.enabled,
                ...(ver.notBeforeInDays !== undefined ? { nbf: nowS + Math.round(ver.notBeforeInDays * DAY) } : {}),
                ...(ver.expiresInDays !== undefined ? { exp: nowS + Math.round(ver.expiresInDays * DAY) } : {}),
                created,
                updated: created,
              };
            }),
          },
        ]),
      ),
    })),
  }));
  seed.tenants.forEach((t, ti) =>
    t.vaults.forEach((v, vi) => {
      const vault = tenants[ti]!.vaults[vi]!;
      if (v.certificates.length > 0) seedCertificates(vault, v.certificates, nowS);
      if (v.certificateIssuers.length > 0) {
        vault.certificateIssuers = Object.fromEntries(v.certificateIssuers.map((i) => [i.name.toLowerCase(), { ...i, enabled: true, created: nowS, updated: nowS }]));
      }
      if (v.certificateContacts) vault.certificateContacts = v.certificateContacts.map((c) => ({ ...c }));
    }),
  );
  return { version: 1, clientId: seed.clientId, settings: seed.settings, tenants, refreshTokens: {} };
}
