import { randomBytes } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';
import type { SandboxContext } from '../context.js';
import type { SecretRecord, SecretVersion } from '../state/model.js';
import { parseRestoreParameters, readJsonObject, SECRET_NAME_PATTERN } from './request-body.js';
import { latestVersion, secretBundle } from './secret-bundles.js';
import { isRecovering, liveRecord, recordOf, type VaultRequest, type VaultResponse } from './vault-request.js';
import { vaultErrors } from './vault-errors.js';

/**
 * Real backups start with a length-prefixed ASCII marker (")AzureKeyVaultSecretBackupV1.microsoft.com",
 * decoded from the spec's BackupSecret example) followed by a compact JWE. The sandbox does the same:
 * marker, then a `dir`/A256GCM JWE of the secret's JSON under a key that never leaves this process.
 */
export const BACKUP_MARKER = 'AzureKeyVaultSecretBackupV1.microsoft.com';

interface BackupPayload {
  v: 1;
  tenantId: string;
  name: string;
  versions: SecretVersion[];
}

/**
 * One random key per sandbox state: kept with the state (like a vault's keys), so a blob restores
 * after a sandbox restart; a blob from another sandbox (another state) never opens.
 */
function backupKey(context: SandboxContext): Uint8Array {
  const data = context.store.data;
  if (!data.backupKey) {
    data.backupKey = randomBytes(32).toString('base64url');
    context.store.changed();
  }
  return new Uint8Array(Buffer.from(data.backupKey, 'base64url'));
}

/** Seals a payload as marker + compact JWE under the state's backup key (base64url of the blob). */
export async function sealBackup(context: SandboxContext, marker: string, payload: unknown): Promise<string> {
  const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: 'sandbox-backup-key' })
    .encrypt(backupKey(context));
  const prefix = Buffer.concat([Buffer.from([marker.length]), Buffer.from(marker, 'ascii')]);
  return Buffer.concat([prefix, Buffer.from(jwe, 'ascii')]).toString('base64url');
}

/** Opens a blob sealed with `marker`; anything else is "Malformed backup blob" (recording). */
export async function openBackup(context: SandboxContext, marker: string, blob: Buffer): Promise<unknown> {
  const prefix = Buffer.concat([Buffer.from([marker.length]), Buffer.from(marker, 'ascii')]);
  if (blob.length <= prefix.length || !blob.subarray(0, prefix.length).equals(prefix)) throw vaultErrors.malformedBackup();
  try {
    const { plaintext } = await compactDecrypt(blob.subarray(prefix.length).toString('ascii'), backupKey(context));
    return JSON.parse(new TextDecoder().decode(plaintext)) as unknown;
  } catch {
    throw vaultErrors.malformedBackup();
  }
}

/** `POST /secrets/{name}/backup`: `{"value": "<base64url blob>"}` holding every version. */
export async function backupSecret(request: VaultRequest): Promise<VaultResponse> {
  const record = liveRecord(request);
  const payload: BackupPayload = { v: 1, tenantId: request.vault.tenantId.toLowerCase(), name: record.name, versions: record.versions };
  return { status: 200, body: { value: await sealBackup(request.context, BACKUP_MARKER, payload) } };
}

async function openBlob(context: SandboxContext, blob: Buffer): Promise<BackupPayload> {
  const payload = (await openBackup(context, BACKUP_MARKER, blob)) as BackupPayload;
  if (payload?.v !== 1 || typeof payload.name !== 'string' || !SECRET_NAME_PATTERN.test(payload.name) || !Array.isArray(payload.versions) || payload.versions.length === 0) {
    throw vaultErrors.malformedBackup();
  }
  return payload;
}

/**
 * `POST /secrets/restore`: brings back a backed-up secret with all its versions. Garbage is
 * "Malformed backup blob" (recording); a blob from another tenant is refused (Key Vault restores only
 * within the same subscription and geography; the sandbox's boundary is the tenant; text unverified).
 */
export async function restoreSecret(request: VaultRequest): Promise<VaultResponse> {
  const blob = parseRestoreParameters(await readJsonObject(request.ctx));
  const payload = await openBlob(request.context, blob);
  if (payload.tenantId !== request.vault.tenantId.toLowerCase()) {
    throw vaultErrors.badParameter('The backup blob was created in a vault of another tenant and cannot be restored into this vault.');
  }
  const existing = recordOf(request.vault, payload.name);
  if (existing?.deleted) throw vaultErrors.deletedButRecoverable(existing.name);
  if (existing && isRecovering(existing)) throw vaultErrors.beingRecovered(existing.name);
  if (existing) throw vaultErrors.restoreConflict(`${request.origin}/secrets/${payload.name}/${payload.versions[payload.versions.length - 1]!.version}`);
  const record: SecretRecord = { name: payload.name, versions: payload.versions.map((v) => ({ ...v })) };
  request.vault.secrets[payload.name.toLowerCase()] = record;
  request.context.store.changed();
  return { status: 200, body: secretBundle(request.origin, request.vault, record, latestVersion(record), false) };
}
