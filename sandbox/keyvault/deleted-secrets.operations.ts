import { paginate } from './paging.js';
import { deletedSecretBundle, latestVersion, secretBundle } from './secret-bundles.js';
import { recordOf, type VaultRequest, type VaultResponse } from './vault-request.js';
import { vaultErrors } from './vault-errors.js';

/**
 * `GET /deletedsecrets/{name}`: what the delete poller polls. While the deletion is still
 * propagating it answers 404 "Deleted Secret not found" (real traffic shows two before the 200).
 */
export function getDeletedSecret(request: VaultRequest): VaultResponse {
  const record = recordOf(request.vault, request.name);
  if (!record?.deleted) throw vaultErrors.deletedSecretNotFound(request.name);
  if (record.deleted.pollsLeft > 0) {
    record.deleted.pollsLeft -= 1;
    request.context.store.changed();
    throw vaultErrors.deletedSecretNotFound(request.name);
  }
  return { status: 200, body: deletedSecretBundle(request.origin, request.vault, record) };
}

/** `GET /deletedsecrets`: soft-deleted secrets whose deletion has completed, paged by name. */
export function listDeletedSecrets(request: VaultRequest): VaultResponse {
  const records = Object.entries(request.vault.secrets)
    .filter(([, record]) => record.deleted && record.deleted.pollsLeft === 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const toItem = ([, record]: (typeof records)[number]) => deletedSecretBundle(request.origin, request.vault, record, false);
  return { status: 200, body: paginate(records, request.ctx.url, request.origin, request.apiVersion, toItem) };
}

/**
 * `POST /deletedsecrets/{name}/recover`: the secret comes back with all its versions; its GETs
 * answer 404 for `softDeletePropagationPolls` polls, which the recover poller waits out.
 * A missing deleted secret gets the ordinary SecretNotFound text (recording).
 */
export function recoverDeletedSecret(request: VaultRequest): VaultResponse {
  const record = recordOf(request.vault, request.name);
  if (!record?.deleted) throw vaultErrors.secretNotFound(request.name);
  if (record.deleted.pollsLeft > 0) throw vaultErrors.beingDeleted(record.name);
  delete record.deleted;
  const polls = request.context.store.data.settings.softDeletePropagationPolls;
  if (polls > 0) record.recoveringPollsLeft = polls;
  else delete record.recoveringPollsLeft;
  request.context.store.changed();
  return { status: 200, body: secretBundle(request.origin, request.vault, record, latestVersion(record), false) };
}

/** `DELETE /deletedsecrets/{name}`: permanent deletion, 204; refused on a purge-protected vault. */
export function purgeDeletedSecret(request: VaultRequest): VaultResponse {
  const record = recordOf(request.vault, request.name);
  if (!record?.deleted) throw vaultErrors.deletedSecretNotFound(request.name);
  if (request.vault.purgeProtection) throw vaultErrors.purgeProtected(request.vault.name, request.vault.location);
  if (record.deleted.pollsLeft > 0) throw vaultErrors.beingDeleted(record.name);
  delete request.vault.secrets[request.name.toLowerCase()];
  request.context.store.changed();
  return { status: 204 };
}
