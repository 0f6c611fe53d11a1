import { backupSecret, restoreSecret } from './backup-restore.js';
import { SECRET_PERMISSIONS as P } from './data-actions.js';
import { getDeletedSecret, listDeletedSecrets, purgeDeletedSecret, recoverDeletedSecret } from './deleted-secrets.operations.js';
import { deleteSecret, getSecret, listSecrets, listSecretVersions, setSecret, updateSecret } from './secrets.operations.js';
import type { VaultRoute } from './vault-route.js';

/** The secrets REST API (spec `Secrets/stable/2026-04-01/secrets.json`), relative to the vault's origin. */
export const SECRET_ROUTES: readonly VaultRoute[] = [
  { method: 'GET', path: '/secrets', permission: P.list, handler: listSecrets },
  { method: 'POST', path: '/secrets/restore', permission: P.restore, handler: restoreSecret },
  { method: 'GET', path: '/secrets/:name/versions', permission: P.list, handler: listSecretVersions },
  { method: 'POST', path: '/secrets/:name/backup', permission: P.backup, handler: backupSecret },
  { method: 'PUT', path: '/secrets/:name', permission: P.set, handler: setSecret },
  { method: 'DELETE', path: '/secrets/:name', permission: P.delete, handler: deleteSecret },
  // getSecret(name) without a version calls GET /secrets/{name}/ (empty version segment).
  { method: 'GET', path: '/secrets/:name/:version?', permission: P.get, handler: getSecret },
  { method: 'PATCH', path: '/secrets/:name/:version?', permission: P.update, handler: updateSecret },
  { method: 'GET', path: '/deletedsecrets', permission: P.listDeleted, handler: listDeletedSecrets },
  { method: 'GET', path: '/deletedsecrets/:name', permission: P.getDeleted, handler: getDeletedSecret },
  { method: 'DELETE', path: '/deletedsecrets/:name', permission: P.purge, handler: purgeDeletedSecret },
  { method: 'POST', path: '/deletedsecrets/:name/recover', permission: P.recover, handler: recoverDeletedSecret },
];
