import { z } from 'zod';
import type { eventChannels, invokeChannelNames } from './channel-names.js';
import type {
  AccountDto,
  ActivationEventDto,
  ActiveActivationDto,
  AppStateDto,
  CatalogDiffDto,
  CatalogItemDto,
  CatalogSnapshotDto,
  ClipboardClearReason,
  DeviceCodeDto,
  EligibleGroupDto,
  JournalEntryDto,
  LockReason,
  PendingRequestDto,
  RequestedWithDto,
  SearchPageDto,
  SecretVersionDto,
  UiSettingsDto,
  VaultStatusDto,
} from '../domain/types.js';
import type {
  CertificateCatalogDto,
  CertificateOfficerAccessDto,
  CertificateOperationDto,
  CertificateSaveDto,
  CertificateVersionDto,
  DeletedCertificateDto,
} from '../domain/certificates.js';
import type { ApprovalRequestDto, GroupTeamDto, RequestWaitDto } from '../domain/approvals.js';
import type { ExpiryOverviewDto } from '../domain/expiry.js';
import type { CertificateImportedDto, CertificateImportFileDto } from '../domain/certificate-import.js';
import { ACTIVATION_LIMITS } from '../domain/activation-rules.js';

/**
 * THE IPC contract: every channel JIT Vault's renderer may call, once. Names are `namespace:method`;
 * each has a zod schema for its single argument object (main validates with it before any service
 * runs) and a result type. The preload builds the bridge from this list; main registers handlers
 * through one wrapper that checks the sender and parses with these schemas. No other channel exists.
 */

const name = z.string().min(1).max(127);
const vaultName = z.string().min(1).max(64);
const id = z.string().min(1).max(300);
/** Activation fields, bounded by the shared activation rules (shared/domain/activation-rules.ts). */
const justification = z.string().max(ACTIVATION_LIMITS.maxJustificationChars);
const durationMinutes = z.number().int().min(ACTIVATION_LIMITS.minMinutes).max(ACTIVATION_LIMITS.maxMinutes);
const ticketNumber = z.string().max(ACTIVATION_LIMITS.maxTicketChars).optional();
const secretRef = z.object({ vault: vaultName, name }).strict();
const none = z.object({}).strict();
/** Key Vault certificate names: 1–127 of letters, digits and dashes. */
const certRef = z.object({ vault: vaultName, name: z.string().regex(/^[0-9A-Za-z-]{1,127}$/, 'a certificate name has 1–127 letters, digits and dashes') }).strict();
/** An officer's policy template for a new certificate (shared/domain/certificates.ts `CertificateTemplateDto`). */
const certificateTemplate = z
  .object({
    issuer: z.string().min(1).max(127),
    subject: z.string().max(1024),
    dnsNames: z.array(z.string().max(253)).max(100),
    emails: z.array(z.string().max(254)).max(100),
    keyType: z.enum(['RSA', 'EC']),
    keySize: z.union([z.literal(2048), z.literal(3072), z.literal(4096)]).optional(),
    curve: z.enum(['P-256', 'P-384', 'P-521']).optional(),
    validityMonths: z.number().int().min(1).max(1200),
    contentType: z.enum(['application/x-pkcs12', 'application/x-pem-file']),
    exportable: z.boolean(),
  })
  .strict();
const certificateContact = z.object({ email: z.string().min(3).max(254), name: z.string().max(256).optional(), phone: z.string().max(64).optional() }).strict();

/** Declares a channel: its argument schema and (type-only) result. */
function channel<Result>() {
  return <Input extends z.ZodType>(input: Input) => ({ input, result: undefined as unknown as Result });
}

export const invokeChannels = {
  'app:getState': channel<AppStateDto>()(none),
  /** Opens an https link on the allowlist (Microsoft portal/docs) in the system browser. */
  'app:openExternal': channel<void>()(z.object({ url: z.string().url().max(2048) }).strict()),

  'auth:signIn': channel<AccountDto>()(z.object({ tenantId: id, method: z.enum(['browser', 'device-code']) }).strict()),
  'auth:cancelSignIn': channel<void>()(none),
  'auth:signOut': channel<void>()(z.object({ accountId: id }).strict()),

  /**
   * One page of a search, for the quick lookup's virtualised list: the hits at `offset` (favourites
   * first, then relevance; empty query: everything by name) and how many matched in all, so the list
   * can show and scroll through every match, loading pages as they come into view. Answers the
   * renderer until its own search over `vault:snapshot` is ready.
   */
  'vault:searchPage': channel<SearchPageDto>()(
    z.object({ query: z.string().max(256), offset: z.number().int().min(0).max(1_000_000).default(0), limit: z.number().int().min(1).max(500).default(100) }).strict(),
  ),
  /**
   * The whole catalog's metadata for the renderer's own search (renderer-side search: a keystroke
   * filters without a round trip). Later changes arrive as `vault:snapshot` events. Never values.
   */
  'vault:snapshot': channel<CatalogSnapshotDto>()(none),
  'vault:statuses': channel<VaultStatusDto[]>()(none),
  'vault:refresh': channel<void>()(z.object({ vault: vaultName.optional() }).strict()),
  'vault:copy': channel<{ clearsAt: number }>()(secretRef),
  'vault:reveal': channel<{ value: string; hideAt: number }>()(secretRef),
  'vault:versions': channel<SecretVersionDto[]>()(secretRef),
  'vault:setFavourite': channel<CatalogItemDto>()(secretRef.extend({ favourite: z.boolean() }).strict()),
  /** The current code of a TOTP item (its value is an otpauth:// URI, which never leaves main) and when it expires. */
  'vault:totp': channel<{ code: string; validUntil: number; periodSeconds: number }>()(secretRef),
  /** Copies the item's username tag (metadata: allowed while the vault is locked); cleared like a value. */
  'vault:copyUsername': channel<{ clearsAt: number }>()(secretRef),
  /** Opens the item's URL tag, or its RDP/SSH connect URI (host + username, never a password), with the OS. */
  'vault:openLink': channel<void>()(secretRef.extend({ target: z.enum(['url', 'connect']) }).strict()),

  /**
   * Certificates (issue 14): every configured vault's certificates with subject, SANs, issuer,
   * thumbprint, key type, expiry and renewal — metadata only, no activation needed — and each vault's
   * listing state. Changes arrive as `cert:catalog` events.
   */
  'cert:list': channel<CertificateCatalogDto>()(none),
  /** Lists the certificates again (all vaults, or one); resolves when the listing ended. */
  'cert:refresh': channel<void>()(z.object({ vault: vaultName.optional() }).strict()),
  /** A certificate's versions, newest first (metadata), read when the user opens it. */
  'cert:versions': channel<CertificateVersionDto[]>()(certRef),
  /**
   * Saves the public certificate where the user chooses (save dialog): `cer` (DER) or `pem` need only
   * the right to read certificates; `chain` (full chain PEM) is read with the private key's secret, so
   * it needs the vault unlocked and is journalled. Answers the file's name, or `saved: false` if cancelled.
   */
  'cert:savePublic': channel<CertificateSaveDto>()(certRef.extend({ format: z.enum(['cer', 'pem', 'chain']) }).strict()),
  /**
   * "Save PFX": needs the vault unlocked (JIT activation) like any secret value; the PKCS#12 is
   * re-encrypted with `password` (never written unprotected), written only where the user chose,
   * and journalled. The password never comes back and is never logged.
   */
  'cert:savePfx': channel<CertificateSaveDto>()(certRef.extend({ password: z.string().min(8).max(256) }).strict()),
  /**
   * Import, step 1: main asks for the file (open dialog), checks its size before reading it, and holds
   * it for a few minutes. Answers its name, size and kind (never its bytes or folder), or null if cancelled.
   */
  'cert:chooseImportFile': channel<CertificateImportFileDto | null>()(none),
  /**
   * Import, step 2 (Officer): the held file becomes certificate `name` (a new version if it exists),
   * through Key Vault's import. `password` opens a protected PFX or PEM key; Key Vault does not keep it,
   * and it is never logged. Key Vault's refusal comes back in plain words. Journalled.
   */
  /** Import, cancelled: main overwrites and drops the held file now (it would otherwise after a few minutes). */
  'cert:forgetImportFile': channel<void>()(z.object({ fileId: z.uuid() }).strict()),
  'cert:import': channel<CertificateImportedDto>()(certRef.extend({ fileId: z.uuid(), password: z.string().max(256).optional() }).strict()),
  /** Officer: renew now (a new version from the policy); answers the operation to follow. Journalled. */
  'cert:renew': channel<CertificateOperationDto>()(certRef),
  /** The pending create/renew operation (status, the CSR to sign), or status `none`. */
  'cert:operation': channel<CertificateOperationDto>()(certRef),
  /** Officer: merge the CA-signed certificate (PEM, leaf first) into the pending request. Journalled. */
  'cert:merge': channel<CertificateOperationDto>()(certRef.extend({ chainPem: z.string().min(1).max(65_536) }).strict()),
  /** Officer: cancel the pending operation. Journalled. */
  'cert:cancelOperation': channel<CertificateOperationDto>()(certRef),
  /** Officer: the policy's lifetime action (auto-renew or e-mail contacts) and when it fires. Journalled. */
  'cert:setRenewal': channel<void>()(
    certRef
      .extend({
        action: z.enum(['AutoRenew', 'EmailContacts']),
        daysBeforeExpiry: z.number().int().min(1).max(3650).optional(),
        lifetimePercentage: z.number().int().min(1).max(99).optional(),
      })
      .strict()
      .refine((v) => (v.daysBeforeExpiry === undefined) !== (v.lifetimePercentage === undefined), 'give either daysBeforeExpiry or lifetimePercentage'),
  ),
  /** Officer: delete (soft delete: recoverable while the vault keeps it) / recover. Journalled. */
  'cert:delete': channel<void>()(certRef),
  'cert:recover': channel<void>()(certRef),
  /** The vault's soft-deleted certificates (what can be recovered). */
  'cert:deleted': channel<DeletedCertificateDto[]>()(z.object({ vault: vaultName }).strict()),
  /** Officer: create a certificate from a policy template; answers the operation to follow. Journalled. */
  'cert:create': channel<CertificateOperationDto>()(certRef.extend({ template: certificateTemplate }).strict()),
  /** Officer: save the pending operation's signing request (PEM, no key) where the user chooses. */
  'cert:saveCsr': channel<CertificateSaveDto>()(certRef),
  /** Whether the user may act as an officer in the vault (asked of Key Vault), with the vault's certificate contacts. */
  'cert:officerAccess': channel<CertificateOfficerAccessDto>()(z.object({ vault: vaultName }).strict()),
  /** Officer: replace the vault's certificate contacts (empty: remove them). Journalled. */
  'cert:setContacts': channel<void>()(z.object({ vault: vaultName, contacts: z.array(certificateContact).max(50) }).strict()),
  /**
   * Copies the private key of a PEM-content certificate to the clipboard (concealed, auto-cleared);
   * needs the vault unlocked, journalled; the key never reaches the renderer.
   */
  'cert:copyPrivateKey': channel<{ clearsAt: number }>()(certRef),

  'pim:eligible': channel<EligibleGroupDto[]>()(z.object({ accountId: id.optional() }).strict()),
  'pim:active': channel<ActiveActivationDto[]>()(z.object({ accountId: id.optional() }).strict()),
  /** What the running activation of a group was requested with (Extend's pre-fill): one Graph call, made when Extend opens. */
  'pim:requestedWith': channel<RequestedWithDto>()(z.object({ accountId: id, groupId: id }).strict()),
  'pim:activate': channel<{ requestId: string }>()(
    z
      .object({
        accountId: id,
        groupId: id,
        justification,
        durationMinutes,
        ticketNumber,
        ticketSystem: z.string().max(100).optional(),
      })
      .strict(),
  ),
  /**
   * Requests main is still following (submitted, waiting for approval, provisioning, propagating), so a
   * window opened later can list them with Cancel and show their timeline. Added for the renderer (additive).
   */
  'pim:pending': channel<PendingRequestDto[]>()(z.object({ accountId: id.optional() }).strict()),
  'pim:cancel': channel<void>()(z.object({ accountId: id, requestId: id }).strict()),
  'pim:deactivate': channel<void>()(z.object({ accountId: id, groupId: id }).strict()),
  'pim:extend': channel<{ requestId: string }>()(
    z.object({ accountId: id, groupId: id, justification, durationMinutes, ticketNumber }).strict(),
  ),

  /** Requests of others waiting for the signed-in user's decision (all accounts, or one). */
  'approvals:list': channel<ApprovalRequestDto[]>()(z.object({ accountId: id.optional() }).strict()),
  /** Approve or deny; a justification is always required (main checks it is not blank). */
  'approvals:decide': channel<void>()(
    z.object({ accountId: id, requestId: id, decision: z.enum(['Approve', 'Deny']), justification: z.string().max(500) }).strict(),
  ),
  /** How many requests waited for the user's decision at the last inbox read (no Graph call: the quick lookup asks on open). */
  'approvals:count': channel<{ count: number }>()(none),
  /** The requester's view of one of their requests: approvers by name, waiting since, lapse, decision, reminder. */
  'approvals:requestInfo': channel<RequestWaitDto>()(z.object({ accountId: id, requestId: id }).strict()),
  /** Who else holds a group now and its recent history, as far as the user may read it. */
  'team:group': channel<GroupTeamDto>()(z.object({ accountId: id, groupId: id }).strict()),

  'session:lockNow': channel<void>()(none),
  /** The user did something: resets the idle-lock timer. */
  'session:activity': channel<void>()(none),

  'settings:update': channel<UiSettingsDto>()(
    z
      .object({
        revealSeconds: z.number().int().min(3).max(300).optional(),
        clipboardSeconds: z.number().int().min(5).max(600).optional(),
        idleLockMinutes: z.number().int().min(1).max(480).optional(),
        warnBeforeExpiryMinutes: z.number().int().min(1).max(60).optional(),
        shortcut: z.string().min(1).max(64).optional(),
        startAtLogin: z.boolean().optional(),
        theme: z.enum(['system', 'light', 'dark']).optional(),
        expiryNotices: z.boolean().optional(),
        expiryThresholdsDays: z
          .array(z.number().int().min(1).max(90))
          .min(1)
          .max(6)
          .refine((days) => new Set(days).size === days.length, 'each number of days once')
          .optional(),
      })
      .strict(),
  ),

  /** Everything expiring in the next 90 days (and what has expired) across vaults and tenants, grouped by customer and vault. Metadata only. */
  'expiry:overview': channel<ExpiryOverviewDto>()(none),

  'journal:recent': channel<JournalEntryDto[]>()(z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict()),

  /** Hides the quick-lookup popup (Esc). */
  'window:hidePopup': channel<void>()(none),
  /** Opens the main window, optionally on a tab (and on the approvals panel: the quick lookup's way there). */
  'window:openMain': channel<void>()(z.object({ tab: z.enum(['access', 'expiry', 'certificates', 'history', 'settings']).optional(), section: z.enum(['approvals']).optional() }).strict()),
} as const;

/** Events main pushes to the renderer. */
export interface EventPayloads {
  'pim:activation': ActivationEventDto;
  'session:locked': { vaults: string[]; reason: LockReason; at: number };
  'session:unlocked': { vault: string; endsAt: number | null; at: number };
  'session:expiring': { vault: string; endsAt: number; at: number };
  'clipboard:countdown': { vault: string; name: string; clearsAt: number; remainingMs: number };
  'clipboard:cleared': { reason: ClipboardClearReason };
  'vault:catalog': { type: 'page' | 'listed' | 'failed' | 'locked' | 'changed'; vault?: string };
  /** What changed in the catalog metadata since `base` (see `vault:snapshot`); coalesced while pages stream. */
  'vault:snapshot': CatalogDiffDto;
  'auth:deviceCode': DeviceCodeDto;
  'app:stateChanged': Record<string, never>;
  /** The global shortcut or tray asked for the quick lookup: focus the search box. */
  'ui:focusSearch': Record<string, never>;
  /** A vault's certificates changed (listed, failed, renewed, deleted): re-read `cert:list`. */
  'cert:catalog': { vault: string; listing: 'idle' | 'listing' | 'listed' | 'failed' };
  /** The approver's inbox was re-read: how many requests wait for the user's decision. */
  'approvals:inbox': { count: number };
  /** The expiry overview was re-checked (a listing changed it, or time moved a badge): read it again with `expiry:overview`. */
  'expiry:changed': { generatedAt: number; total: number };
}

export { eventChannels, invokeChannelNames, BRIDGE_KEY } from './channel-names.js';

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof EventPayloads;
/** The argument object a channel accepts (before defaults). */
export type ChannelArgs<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['input']>;
/** The argument object after validation (defaults applied) — what handlers receive. */
export type ChannelParsedArgs<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['input']>;
export type ChannelResult<C extends InvokeChannel> = (typeof invokeChannels)[C]['result'];

// Compile-time proof that channel-names.ts (what the preload bundles) lists exactly this table's
// channels and EventPayloads' events: adding a channel in one place and not the other fails `tsc`.
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const invokeNamesMatch: SameSet<(typeof invokeChannelNames)[number], InvokeChannel> = true;
const eventNamesMatch: SameSet<(typeof eventChannels)[number], EventChannel> = true;
void invokeNamesMatch;
void eventNamesMatch;
