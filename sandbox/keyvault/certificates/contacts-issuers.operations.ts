import type { CertificateContact, CertificateIssuerRecord, VaultState } from '../../state/model.js';
import { paginate } from '../paging.js';
import { readJsonObject } from '../request-body.js';
import type { VaultRequest, VaultResponse } from '../vault-request.js';
import { vaultErrors } from '../vault-errors.js';
import { certificateErrors } from './certificate-errors.js';

function contactsBody(origin: string, contacts: CertificateContact[]): Record<string, unknown> {
  return { id: `${origin}/certificates/contacts`, contacts: contacts.map((c) => ({ ...c })) };
}

/** `GET /certificates/contacts`. */
export function getContacts(request: VaultRequest): VaultResponse {
  const contacts = request.vault.certificateContacts;
  if (!contacts) throw certificateErrors.contactsNotFound();
  return { status: 200, body: contactsBody(request.origin, contacts) };
}

/** `PUT /certificates/contacts` `{"contacts":[{email,name,phone}]}`: replaces the list. */
export async function setContacts(request: VaultRequest): Promise<VaultResponse> {
  const body = await readJsonObject(request.ctx);
  const list = body.contacts;
  if (!Array.isArray(list) || list.length > 50) throw vaultErrors.badParameter('Property contacts has invalid value');
  const contacts = list.map((entry, i): CertificateContact => {
    const c = entry as Record<string, unknown>;
    const ok = typeof c === 'object' && c !== null && ['email', 'name', 'phone'].every((k) => c[k] === undefined || c[k] === null || (typeof c[k] === 'string' && (c[k] as string).length <= 256));
    if (!ok || (typeof c.email === 'string' && !/^[^@\s]+@[^@\s]+$/.test(c.email))) throw vaultErrors.badParameter(`Property contacts[${i}] has invalid value`);
    return { ...(typeof c.email === 'string' ? { email: c.email } : {}), ...(typeof c.name === 'string' ? { name: c.name } : {}), ...(typeof c.phone === 'string' ? { phone: c.phone } : {}) };
  });
  request.vault.certificateContacts = contacts;
  request.context.store.changed();
  return { status: 200, body: contactsBody(request.origin, contacts) };
}

/** `DELETE /certificates/contacts`: answers with the contacts it removed. */
export function deleteContacts(request: VaultRequest): VaultResponse {
  const contacts = request.vault.certificateContacts;
  if (!contacts) throw certificateErrors.contactsNotFound();
  delete request.vault.certificateContacts;
  request.context.store.changed();
  return { status: 200, body: contactsBody(request.origin, contacts) };
}

function issuersOf(vault: VaultState): Record<string, CertificateIssuerRecord> {
  vault.certificateIssuers ??= {};
  return vault.certificateIssuers;
}

/** `IssuerBundle` (spec GetCertificateIssuer example): credentials without the password. */
function issuerBody(origin: string, issuer: CertificateIssuerRecord): Record<string, unknown> {
  return {
    id: `${origin}/certificates/issuers/${issuer.name}`,
    provider: issuer.provider,
    ...(issuer.accountId ? { credentials: { account_id: issuer.accountId } } : {}),
    ...(issuer.organizationId || issuer.adminDetails ? { org_details: { ...(issuer.organizationId ? { id: issuer.organizationId } : {}), admin_details: issuer.adminDetails ?? [] } } : {}),
    attributes: { enabled: issuer.enabled, created: issuer.created, updated: issuer.updated },
  };
}

function issuerOf(request: VaultRequest): CertificateIssuerRecord {
  const issuer = issuersOf(request.vault)[request.name.toLowerCase()];
  if (!issuer) throw certificateErrors.issuerNotFound(request.name);
  return issuer;
}

function applyIssuer(issuer: CertificateIssuerRecord, body: Record<string, unknown>, requireProvider: boolean): void {
  if (body.provider !== undefined || requireProvider) {
    if (typeof body.provider !== 'string' || body.provider.length === 0 || body.provider.length > 128) throw vaultErrors.badParameter('Property provider has invalid value');
    issuer.provider = body.provider;
  }
  const credentials = body.credentials as { account_id?: unknown } | undefined;
  if (typeof credentials?.account_id === 'string') issuer.accountId = credentials.account_id;
  const org = body.org_details as { id?: unknown; admin_details?: unknown } | undefined;
  if (typeof org?.id === 'string') issuer.organizationId = org.id;
  if (Array.isArray(org?.admin_details)) issuer.adminDetails = (org.admin_details as Record<string, string>[]).map((a) => ({ first_name: a.first_name, last_name: a.last_name, email: a.email, phone: a.phone }));
  const enabled = (body.attributes as { enabled?: unknown } | undefined)?.enabled;
  if (typeof enabled === 'boolean') issuer.enabled = enabled;
}

/** `PUT /certificates/issuers/{name}`: creates or replaces an issuer. */
export async function setIssuer(request: VaultRequest): Promise<VaultResponse> {
  const body = await readJsonObject(request.ctx);
  const now = request.nowSeconds;
  const issuer: CertificateIssuerRecord = { name: request.name, provider: '', enabled: true, created: issuersOf(request.vault)[request.name.toLowerCase()]?.created ?? now, updated: now };
  applyIssuer(issuer, body, true);
  issuersOf(request.vault)[request.name.toLowerCase()] = issuer;
  request.context.store.changed();
  return { status: 200, body: issuerBody(request.origin, issuer) };
}

/** `PATCH /certificates/issuers/{name}`: changes the given fields. */
export async function updateIssuer(request: VaultRequest): Promise<VaultResponse> {
  const body = await readJsonObject(request.ctx);
  const issuer = issuerOf(request);
  applyIssuer(issuer, body, false);
  issuer.updated = request.nowSeconds;
  request.context.store.changed();
  return { status: 200, body: issuerBody(request.origin, issuer) };
}

/** `GET /certificates/issuers/{name}`. */
export function getIssuer(request: VaultRequest): VaultResponse {
  return { status: 200, body: issuerBody(request.origin, issuerOf(request)) };
}

/** `DELETE /certificates/issuers/{name}`: answers with the removed issuer. */
export function deleteIssuer(request: VaultRequest): VaultResponse {
  const issuer = issuerOf(request);
  delete issuersOf(request.vault)[request.name.toLowerCase()];
  request.context.store.changed();
  return { status: 200, body: issuerBody(request.origin, issuer) };
}

/** `GET /certificates/issuers`: `{id, provider}` items, paged. */
export function listIssuers(request: VaultRequest): VaultResponse {
  const issuers = Object.values(issuersOf(request.vault)).sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
  return {
    status: 200,
    body: paginate(issuers, request.ctx.url, request.origin, request.apiVersion, (i) => ({ id: `${request.origin}/certificates/issuers/${i.name}`, provider: i.provider })),
  };
}
