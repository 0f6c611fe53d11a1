import { CERTIFICATE_PERMISSIONS as C, KEY_PERMISSIONS as K } from '../data-actions.js';
import type { VaultRoute } from '../vault-route.js';
import { backupCertificate, getCertificateKey, restoreCertificate } from './certificate-backup.operations.js';
import {
  createCertificate,
  deleteCertificateOperation,
  getCertificateOperation,
  mergeCertificate,
  updateCertificateOperation,
} from './certificate-create.operations.js';
import { importCertificate } from './certificate-import.operations.js';
import { getCertificate, getCertificatePolicy, listCertificates, listCertificateVersions, updateCertificate, updateCertificatePolicy } from './certificates.operations.js';
import { deleteContacts, deleteIssuer, getContacts, getIssuer, listIssuers, setContacts, setIssuer, updateIssuer } from './contacts-issuers.operations.js';
import { deleteCertificate, getDeletedCertificate, listDeletedCertificates, purgeDeletedCertificate, recoverDeletedCertificate } from './deleted-certificates.operations.js';

/**
 * The certificates REST API (spec `Certificates/stable/…/certificates.json`) and the read of a
 * certificate's key. Literal segments (contacts, issuers, restore, policy, pending) come before the
 * `:name/:version?` catch-all.
 */
export const CERTIFICATE_ROUTES: readonly VaultRoute[] = [
  { method: 'GET', path: '/certificates', permission: C.list, handler: listCertificates },
  { method: 'POST', path: '/certificates/restore', permission: C.restore, handler: restoreCertificate },
  { method: 'GET', path: '/certificates/contacts', permission: C.contacts, handler: getContacts },
  { method: 'PUT', path: '/certificates/contacts', permission: C.contacts, handler: setContacts },
  { method: 'DELETE', path: '/certificates/contacts', permission: C.contacts, handler: deleteContacts },
  { method: 'GET', path: '/certificates/issuers', permission: C.listIssuers, handler: listIssuers },
  { method: 'GET', path: '/certificates/issuers/:name', permission: C.getIssuer, handler: getIssuer },
  { method: 'PUT', path: '/certificates/issuers/:name', permission: C.setIssuer, handler: setIssuer },
  { method: 'PATCH', path: '/certificates/issuers/:name', permission: C.setIssuer, handler: updateIssuer },
  { method: 'DELETE', path: '/certificates/issuers/:name', permission: C.deleteIssuer, handler: deleteIssuer },
  { method: 'POST', path: '/certificates/:name/create', permission: C.create, handler: createCertificate },
  { method: 'POST', path: '/certificates/:name/import', permission: C.import, handler: importCertificate },
  { method: 'POST', path: '/certificates/:name/backup', permission: C.backup, handler: backupCertificate },
  { method: 'GET', path: '/certificates/:name/versions', permission: C.list, handler: listCertificateVersions },
  { method: 'GET', path: '/certificates/:name/policy', permission: C.get, handler: getCertificatePolicy },
  { method: 'PATCH', path: '/certificates/:name/policy', permission: C.update, handler: updateCertificatePolicy },
  { method: 'POST', path: '/certificates/:name/pending/merge', permission: C.merge, handler: mergeCertificate },
  { method: 'GET', path: '/certificates/:name/pending', permission: C.getPending, handler: getCertificateOperation },
  { method: 'PATCH', path: '/certificates/:name/pending', permission: C.update, handler: updateCertificateOperation },
  { method: 'DELETE', path: '/certificates/:name/pending', permission: C.update, handler: deleteCertificateOperation },
  { method: 'DELETE', path: '/certificates/:name', permission: C.delete, handler: deleteCertificate },
  // getCertificate(name) calls GET /certificates/{name}/ (empty version segment), like secrets.
  { method: 'GET', path: '/certificates/:name/:version?', permission: C.get, handler: getCertificate },
  { method: 'PATCH', path: '/certificates/:name/:version?', permission: C.update, handler: updateCertificate },
  { method: 'GET', path: '/deletedcertificates', permission: C.listDeleted, handler: listDeletedCertificates },
  { method: 'GET', path: '/deletedcertificates/:name', permission: C.getDeleted, handler: getDeletedCertificate },
  { method: 'DELETE', path: '/deletedcertificates/:name', permission: C.purge, handler: purgeDeletedCertificate },
  { method: 'POST', path: '/deletedcertificates/:name/recover', permission: C.recover, handler: recoverDeletedCertificate },
  { method: 'GET', path: '/keys/:name/:version?', permission: K.get, handler: getCertificateKey },
];
