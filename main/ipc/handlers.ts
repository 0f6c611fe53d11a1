import type { AppStateDto } from '../../shared/domain/types.js';
import type { AppCore } from '../core/app-core.types.js';
import { AppError } from '../services/errors.js';
import {
  toAccountDto,
  toCatalogSnapshotDto,
  toActiveActivationDto,
  toJournalEntryDto,
  toPendingRequestDto,
  toSearchHitDto,
  toUiSettingsDto,
  toVaultStatusDto,
} from './dto-mappers.js';
import { toCertificateCatalogDto, toCertificateContact, toCertificateSaveDto, toCertificateTemplate, toCertificateVersionDto } from './certificate-dto-mappers.js';
import { isAllowedExternalUrl } from '../security/external-links.js';
import type { HandlerTable } from './handler-table.js';
import { BadRequestError } from './ipc-wrapper.js';
import { templatesByGroup } from '../services/settings/justification-templates.js';

/**
 * THE handler table: every contract channel → the core. Handlers are thin: they call a service
 * and map its types to the shared DTOs (dto-mappers.ts). The dispatcher (ipc-wrapper.ts) has
 * already checked the sender and parsed the argument; a thrown AppError becomes `{ok:false}`.
 *
 * Secrets: `vault:copy` returns only when the clipboard clears; `vault:reveal` is the one channel
 * whose result carries a value, once, with the time the UI must hide it.
 */
export const ipcHandlers = {
  'app:getState': (_args, core) => appState(core),
  'app:openExternal': async ({ url }, core) => {
    if (!isAllowedExternalUrl(url)) throw new BadRequestError('JIT Vault only opens Microsoft portal and documentation links (https).');
    await core.shell.openExternal(url);
  },

  'auth:signIn': async ({ tenantId, method }, core) => toAccountDto(await core.signIn(tenantId, method), core.effective().settings.tenants),
  'auth:cancelSignIn': (_args, core) => core.cancelSignIn(),
  'auth:signOut': ({ accountId }, core) => core.signOut(accountId),

  'vault:searchPage': ({ query, offset, limit }, core) => {
    const { hits, total } = core.vault.searchHits(query, limit, offset);
    return { hits: hits.map(toSearchHitDto), total };
  },
  'vault:snapshot': (_args, core) => toCatalogSnapshotDto(core.vault.snapshot.current()),
  'vault:statuses': (_args, core) => vaultStatuses(core),
  'vault:refresh': async ({ vault }, core) => {
    // An explicit refresh is also how access re-opens after a lock (see AccountAccess).
    await core.reopenAccess();
    await core.vault.refresh(vault ? [vault] : undefined);
  },
  'vault:copy': async (ref, core) => {
    const { clearsAt } = await core.vault.copy(ref);
    return { clearsAt };
  },
  'vault:reveal': async (ref, core) => {
    if (!core.effective().capabilities.reveal) {
      throw new AppError('vault-forbidden-policy', 'Showing secret values is turned off by your administrator. Copy still works: the value goes to the clipboard and is cleared automatically.');
    }
    const { value, hideAt } = await core.vault.reveal(ref);
    return { value, hideAt };
  },
  'vault:versions': async ({ vault, name }, core) => core.vault.listVersions(vault, name),
  'vault:setFavourite': async ({ vault, name, favourite }, core) => {
    const item = await core.vault.setFavourite({ vault, name }, favourite);
    if (!item) throw new AppError('vault-not-found', `"${name}" is not in the catalog of vault "${vault}". Refresh the vault and try again.`);
    return item;
  },

  'vault:totp': async (ref, core) => {
    const { code, validUntil, periodSeconds } = await core.vault.totp(ref);
    return { code, validUntil, periodSeconds };
  },
  'vault:copyUsername': async (ref, core) => ({ clearsAt: (await core.vault.copyUsername(ref)).clearsAt }),
  'vault:openLink': async ({ vault, name, target }, core) => {
    const link = core.vault.itemLink({ vault, name }, target);
    if (!core.shell.openItemLink) throw new AppError('item-unsupported', 'This window cannot hand links to the operating system.');
    await core.shell.openItemLink(link);
  },

  'cert:list': (_args, core) => toCertificateCatalogDto(core.certificates.catalogListingOnce()),
  'cert:refresh': ({ vault }, core) => core.certificates.refresh(vault ? [vault] : undefined),
  'cert:versions': async ({ vault, name }, core) => (await core.certificates.versions(vault, name)).map(toCertificateVersionDto),
  'cert:savePublic': async ({ vault, name, format }, core) =>
    toCertificateSaveDto(format === 'chain' ? await core.certificateExport.saveChain({ vault, name }) : await core.certificateExport.savePublic({ vault, name }, format)),
  'cert:savePfx': async ({ vault, name, password }, core) => toCertificateSaveDto(await core.certificateExport.savePfx({ vault, name }, password)),
  'cert:chooseImportFile': async (_args, core) => (await core.certificateImport.chooseFile()) ?? null,
  'cert:forgetImportFile': ({ fileId }, core) => core.certificateImport.forget(fileId),
  'cert:import': ({ vault, name, fileId, password }, core) => core.certificateImport.importFile({ vault, name, fileId, ...(password ? { password } : {}) }),
  'cert:renew': ({ vault, name }, core) => core.certificateOfficer.renew({ vault, name }),
  'cert:operation': ({ vault, name }, core) => core.certificateOfficer.operation({ vault, name }),
  'cert:merge': ({ vault, name, chainPem }, core) => core.certificateOfficer.merge({ vault, name }, chainPem),
  'cert:cancelOperation': ({ vault, name }, core) => core.certificateOfficer.cancel({ vault, name }),
  'cert:setRenewal': ({ vault, name, action, daysBeforeExpiry, lifetimePercentage }, core) =>
    core.certificateOfficer.setRenewal({ vault, name }, daysBeforeExpiry !== undefined ? { action, daysBeforeExpiry } : { action, lifetimePercentage: lifetimePercentage! }),
  'cert:delete': ({ vault, name }, core) => core.certificateOfficer.delete({ vault, name }),
  'cert:recover': ({ vault, name }, core) => core.certificateOfficer.recover({ vault, name }),
  'cert:deleted': ({ vault }, core) => core.certificateOfficer.deleted(vault),
  'cert:create': ({ vault, name, template }, core) => core.certificateOfficer.create({ vault, name }, toCertificateTemplate(template)),
  'cert:saveCsr': async ({ vault, name }, core) => toCertificateSaveDto(await core.certificateExport.saveCsr({ vault, name })),
  'cert:officerAccess': ({ vault }, core) => core.certificateOfficer.access(vault),
  'cert:setContacts': ({ vault, contacts }, core) => core.certificateOfficer.setContacts(vault, contacts.map(toCertificateContact)),
  'cert:copyPrivateKey': ({ vault, name }, core) => core.certificateKeyCopy.copyPrivateKey({ vault, name }),

  'pim:eligible': async ({ accountId }, core) => {
    const groups = await Promise.all((await accountIds(core, accountId)).map((id) => core.pim.eligibleGroups(id)));
    return groups.flat();
  },
  'pim:active': async ({ accountId }, core) => {
    const active = await Promise.all((await accountIds(core, accountId)).map((id) => core.pim.activeActivations(id)));
    return active.flat().map(toActiveActivationDto);
  },
  'pim:requestedWith': async ({ accountId, groupId }, core) => {
    await accountIds(core, accountId);
    return core.pim.requestedWith(accountId, groupId);
  },
  'pim:activate': ({ accountId, groupId, justification, durationMinutes, ticketNumber, ticketSystem }, core) =>
    core.pim.activate({ accountId, groupId, justification, durationMinutes, ...(ticketNumber !== undefined ? { ticketNumber } : {}), ...(ticketSystem !== undefined ? { ticketSystem } : {}) }),
  // Only the signed-in accounts' requests: the pending store survives a sign-out (and a previous user).
  'pim:pending': async ({ accountId }, core) => {
    const ids = new Set(await accountIds(core, accountId));
    return (await core.pendingRequests(accountId)).filter((request) => ids.has(request.accountId)).map(toPendingRequestDto);
  },
  'pim:cancel': ({ accountId, requestId }, core) => core.pim.cancel(accountId, requestId),
  'pim:deactivate': ({ accountId, groupId }, core) => core.pim.deactivate(accountId, groupId),
  'pim:extend': ({ accountId, groupId, justification, durationMinutes, ticketNumber }, core) =>
    core.pim.extend({ accountId, groupId, justification, durationMinutes, ...(ticketNumber !== undefined ? { ticketNumber } : {}) }),

  'approvals:list': async ({ accountId }, core) => core.approvals.inbox(accountId ? await accountIds(core, accountId) : undefined),
  'approvals:decide': async ({ accountId, requestId, decision, justification }, core) => {
    await accountIds(core, accountId);
    await core.approvals.decide({ accountId, requestId, decision, justification });
  },
  'approvals:requestInfo': async ({ accountId, requestId }, core) => {
    await accountIds(core, accountId);
    return core.approvals.requestInfo(accountId, requestId);
  },
  'approvals:count': (_args, core) => ({ count: core.approvals.pendingCount }),
  'team:group': async ({ accountId, groupId }, core) => {
    await accountIds(core, accountId);
    return core.team.group(accountId, groupId);
  },

  'session:lockNow': (_args, core) => core.session.lock('all', 'manual'),
  'session:activity': (_args, core) => core.session.recordActivity(),

  'settings:update': async (change, core) => toUiSettingsDto((await core.updateUiSettings(change)).settings),

  'expiry:overview': (_args, core) => core.expiry.overview(),

  // History shows only the signed-in accounts' activity: on a shared machine the previous user's
  // requests (with their justifications) are theirs, not the next user's. Entries without an account
  // (a failed sign-in, a presence check) belong to nobody in particular and are left out too.
  'journal:recent': async ({ limit }, core) => {
    const signedIn = new Set((await core.auth.accounts()).map((a) => a.accountId));
    if (signedIn.size === 0) return [];
    return (await core.journal.read(limit, (record) => record.account !== undefined && signedIn.has(record.account))).reverse().map(toJournalEntryDto);
  },

  'window:hidePopup': (_args, core) => core.shell.hidePopup(),
  'window:openMain': ({ tab, section }, core) => core.shell.openMain(tab, section ? { section } : undefined),
} satisfies HandlerTable<AppCore>;

/** The accounts a PIM query covers: the one asked for (must be signed in), or every signed-in account. */
async function accountIds(core: AppCore, accountId: string | undefined): Promise<string[]> {
  const accounts = await core.auth.accounts();
  if (accountId === undefined) return accounts.map((a) => a.accountId);
  if (!accounts.some((a) => a.accountId === accountId)) throw new AppError('not-signed-in', 'This account is not signed in to JIT Vault. Sign in again.');
  return [accountId];
}

function vaultStatuses(core: AppCore) {
  return core.vault.vaultStatuses().map(toVaultStatusDto);
}

/** Shared templates, plus `groupJustificationTemplates` only when some template names its groups. */
function templatesDto(templates: Parameters<typeof templatesByGroup>[0]): Pick<AppStateDto, 'justificationTemplates' | 'groupJustificationTemplates'> {
  const { shared, perGroup } = templatesByGroup(templates);
  return { justificationTemplates: shared, ...(Object.keys(perGroup).length > 0 ? { groupJustificationTemplates: perGroup } : {}) };
}

async function appState(core: AppCore): Promise<AppStateDto> {
  const effective = core.effective();
  const { settings } = effective;
  return {
    mode: core.mode,
    ...(core.demoTenantName ? { demoTenantName: core.demoTenantName } : {}),
    keychain: core.auth.keychainStatus(),
    ...(core.auth.keychainReason() ? { keychainReason: core.auth.keychainReason() } : {}),
    ...(core.desktopNotices().length > 0 ? { desktopNotices: core.desktopNotices() } : {}),
    accounts: (await core.auth.accounts()).map((account) => toAccountDto(account, settings.tenants)),
    tenants: settings.tenants.map((t) => ({ tenantId: t.tenantId, displayName: t.displayName ?? t.tenantId })),
    vaults: vaultStatuses(core),
    settings: toUiSettingsDto(settings),
    policyEnforced: effective.enforced.map((e) => e.field),
    policyReasons: Object.fromEntries(effective.enforced.map((e) => [e.field, e.message])),
    ...templatesDto(settings.justificationTemplates),
    platform: core.platform,
    ...(core.catalogCache ? { catalogCache: core.catalogCache.state } : {}),
    ...(core.journalProblem() ? { journalProblem: core.journalProblem()! } : {}),
  };
}
