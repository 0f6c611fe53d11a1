import type {
  ActiveActivationDto,
  AppStateDto,
  CatalogItemDto,
  EligibleGroupDto,
  ErrorCode,
  IpcResult,
  JournalEntryDto,
  PendingRequestDto,
  RequestedWithDto,
  SearchHitDto,
} from '../../../shared/domain/types.js';
import type { ExpiryOverviewDto } from '../../../shared/domain/expiry.js';
import type { CertificateCatalogDto, CertificateOfficerAccessDto } from '../../../shared/domain/certificates.js';
import { buildBridge, type JitVaultBridge } from '../../../shared/ipc/bridge.js';
import { eventChannels, invokeChannels, type ChannelArgs, type ChannelResult, type EventChannel, type EventPayloads, type InvokeChannel } from '../../../shared/ipc/contract.js';

/** The data the fake answers from; tests change it freely. */
export interface FakeData {
  state: AppStateDto;
  items: CatalogItemDto[];
  eligible: EligibleGroupDto[];
  active: ActiveActivationDto[];
  pending: PendingRequestDto[];
  journal: JournalEntryDto[];
  /** What `expiry:overview` answers (empty unless a test sets it). */
  expiry: ExpiryOverviewDto;
  /** The value reveal hands out (copy never hands out anything). */
  secretValue(vault: string, name: string): string;
  /** What `cert:list` answers (default: no certificates). */
  certificates?: CertificateCatalogDto;
  /** What `pim:requestedWith` answers per group id (default: nothing known). */
  requestedWith?: Record<string, RequestedWithDto>;
  /** What `cert:officerAccess` answers for a vault (default: an officer with no contacts). */
  officerAccess?(vault: string): CertificateOfficerAccessDto;
}

type Handler<C extends InvokeChannel> = (args: ChannelArgs<C>) => ChannelResult<C> | Promise<ChannelResult<C>>;

export interface FakeBridge {
  bridge: JitVaultBridge;
  data: FakeData;
  /** Every call made, in order. */
  calls: { channel: InvokeChannel; args: unknown }[];
  callsTo<C extends InvokeChannel>(channel: C): ChannelArgs<C>[];
  /** Main pushes an event. */
  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void;
  /** The next calls to `channel` fail with this code (until `succeed`). */
  fail(channel: InvokeChannel, code: ErrorCode, message?: string): void;
  succeed(channel: InvokeChannel): void;
  /** Replace a channel's behaviour. */
  handle<C extends InvokeChannel>(channel: C, handler: Handler<C>): void;
  listenerCount(event: EventChannel): number;
}

export const TENANT_ID = '11111111-1111-1111-1111-111111111111';
export const ACCOUNT_ID = 'acc-ana';
export const LOCKED_GROUP = 'grp-fabrikam-admins';

/** A secret value nobody should ever see unless it was revealed. */
export const SECRET_CANARY = 'CANARY-s3cr3t-';

export function item(partial: Partial<CatalogItemDto> & { name: string; vault: string }): CatalogItemDto {
  return { key: `${partial.vault}/${partial.name}`, locked: false, favourite: false, staleness: [], ...partial };
}

/** Two vaults: kv-contoso (unlocked) and kv-fabrikam (locked, unlocked by LOCKED_GROUP). */
export function demoData(): FakeData {
  return {
    state: {
      mode: 'demo',
      demoTenantName: 'Contoso Sandbox',
      keychain: 'available',
      accounts: [{ accountId: ACCOUNT_ID, tenantId: TENANT_ID, tenantName: 'Contoso Sandbox', username: 'ana@contoso.example', name: 'Ana' }],
      tenants: [{ tenantId: TENANT_ID, displayName: 'Contoso Sandbox' }],
      vaults: [
        { name: 'kv-contoso', displayName: 'Contoso ops', customer: 'Contoso', access: 'standing', listing: 'listed', itemCount: 3 },
        { name: 'kv-fabrikam', displayName: 'Fabrikam admin', customer: 'Fabrikam', pimGroupId: LOCKED_GROUP, access: 'locked', listing: 'listed', itemCount: 1 },
      ],
      settings: { revealSeconds: 10, clipboardSeconds: 30, idleLockMinutes: 15, warnBeforeExpiryMinutes: 5, shortcut: 'CommandOrControl+Shift+Space', startAtLogin: false, theme: 'system', expiryNotices: true, expiryThresholdsDays: [30, 7, 1] },
      policyEnforced: [],
      justificationTemplates: ['Helpdesk ticket: user locked out', 'Scheduled maintenance'],
      // The Fabrikam group's own template pre-fills its form (a shared one never does).
      groupJustificationTemplates: { [LOCKED_GROUP]: ['Helpdesk ticket: user locked out'] },
      platform: 'linux',
    },
    items: [
      item({ vault: 'kv-contoso', vaultDisplayName: 'Contoso ops', customer: 'Contoso', name: 'ca-admin-password', favourite: true, staleness: ['expiring-soon'] }),
      item({ vault: 'kv-contoso', vaultDisplayName: 'Contoso ops', customer: 'Contoso', name: 'router-root' }),
      item({ vault: 'kv-contoso', vaultDisplayName: 'Contoso ops', customer: 'Contoso', name: 'sql-sa', staleness: ['no-expiry', 'not-updated'] }),
      item({ vault: 'kv-fabrikam', vaultDisplayName: 'Fabrikam admin', customer: 'Fabrikam', name: 'dc-local-admin', locked: true }),
    ],
    eligible: [
      {
        accountId: ACCOUNT_ID,
        tenantId: TENANT_ID,
        groupId: LOCKED_GROUP,
        displayName: 'Fabrikam admins',
        description: 'Read Fabrikam admin secrets',
        policy: { maxDurationMinutes: 240, requireJustification: true, requireTicket: true, requireMfa: true, requireApproval: true },
        vaults: ['kv-fabrikam'],
        eligibleUntil: null,
      },
    ],
    active: [],
    pending: [],
    // A failed copy: History lists it, but it makes no "recently used" item, so the popup's empty
    // search keeps favourites-then-name order unless a test plants successful uses (recents).
    journal: [{ time: '2026-11-23T10:00:00.000Z', action: 'copy', outcome: 'failed', vault: 'kv-contoso', secretName: 'router-root', detail: 'clipboard write failed' }],
    expiry: { generatedAt: 0, horizonDays: 90, items: [], groups: [], counts: { expired: 0, day: 0, week: 0, month: 0, quarter: 0 }, kinds: ['secret'] },
    secretValue: (vault, name) => `${SECRET_CANARY}${vault}-${name}`,
  };
}

/** Favourites first, then by name; a query matches names, customers and vaults (case-insensitive). */
function searchItems(items: CatalogItemDto[], query: string): SearchHitDto[] {
  const q = query.trim().toLowerCase();
  return items
    .filter((i) => !q || i.name.toLowerCase().includes(q) || i.customer?.toLowerCase().includes(q) || i.vault.toLowerCase().includes(q))
    .sort((a, b) => Number(b.favourite) - Number(a.favourite) || a.name.localeCompare(b.name))
    .map((i) => {
      const at = q ? i.name.toLowerCase().indexOf(q) : -1;
      return at >= 0 ? { item: i, nameMatches: [[at, at + q.length - 1]] as [number, number][] } : { item: i };
    });
}

/**
 * A bridge typed as `JitVaultBridge` (so it cannot drift from the contract) answering from
 * in-memory data, recording calls, failing on demand, and emitting main's events.
 */
export function createFakeBridge(data: FakeData = demoData()): FakeBridge {
  const calls: FakeBridge['calls'] = [];
  const failures = new Map<InvokeChannel, { code: ErrorCode; message: string }>();
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const handlers = new Map<InvokeChannel, (args: never) => unknown>();
  let requestSeq = 0;
  /** Main's catalog snapshot as the fake publishes it: revision and the items sent last (by key). */
  let snapshotRevision = 0;
  let published = new Map<string, string>();
  const snapshotItems = () => {
    published = new Map(data.items.map((i) => [i.key, JSON.stringify(i)]));
    return structuredClone(data.items);
  };
  /** Like main: a catalog change publishes a diff of the snapshot (upserts and removed keys). */
  function publishDiff(): void {
    const upserts = data.items.filter((i) => published.get(i.key) !== JSON.stringify(i));
    const keys = new Set(data.items.map((i) => i.key));
    const removed = [...published.keys()].filter((key) => !keys.has(key));
    if (upserts.length === 0 && removed.length === 0) return;
    snapshotItems();
    snapshotRevision++;
    emitEvent('vault:snapshot', { type: 'diff', revision: snapshotRevision, base: snapshotRevision - 1, upserts: structuredClone(upserts), removed });
  }
  function emitEvent<E extends EventChannel>(event: E, payload: EventPayloads[E]): void {
    for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
  }

  const defaults: { [C in InvokeChannel]: Handler<C> } = {
    'app:getState': () => structuredClone(data.state),
    'app:openExternal': () => undefined,
    'auth:signIn': ({ tenantId }) => {
      const account = { accountId: `acc-${tenantId}`, tenantId, username: 'new@contoso.example' };
      data.state.accounts.push(account);
      return account;
    },
    'auth:cancelSignIn': () => undefined,
    'auth:signOut': ({ accountId }) => {
      data.state.accounts = data.state.accounts.filter((a) => a.accountId !== accountId);
    },
    'vault:searchPage': ({ query, offset, limit }) => {
      const all = searchItems(data.items, query);
      const start = offset ?? 0;
      return { hits: all.slice(start, start + (limit ?? 100)), total: all.length };
    },
    'vault:snapshot': () => ({ type: 'reset', revision: snapshotRevision, items: snapshotItems() }),
    'vault:statuses': () => data.state.vaults,
    'vault:refresh': () => undefined,
    'vault:copy': () => ({ clearsAt: Date.now() + data.state.settings.clipboardSeconds * 1000 }),
    'vault:reveal': ({ vault, name }) => ({ value: data.secretValue(vault, name), hideAt: Date.now() + data.state.settings.revealSeconds * 1000 }),
    'vault:versions': () => [],
    'vault:setFavourite': ({ vault, name, favourite }) => {
      const found = data.items.find((i) => i.vault === vault && i.name === name);
      if (!found) throw Object.assign(new Error('no such item'), { code: 'vault-not-found' });
      found.favourite = favourite;
      publishDiff();
      return { ...found };
    },
    'vault:totp': () => ({ code: '492039', validUntil: Math.ceil((Date.now() + 1) / 30_000) * 30_000, periodSeconds: 30 }),
    'vault:copyUsername': () => ({ clearsAt: Date.now() + data.state.settings.clipboardSeconds * 1000 }),
    'vault:openLink': () => undefined,
    'cert:list': () => structuredClone(data.certificates ?? { items: [], vaults: [] }),
    'cert:refresh': () => undefined,
    'cert:versions': () => [],
    'cert:savePublic': ({ name, format }) => ({ saved: true, fileName: `${name}${format === 'cer' ? '.cer' : format === 'chain' ? '-chain.pem' : '.pem'}` }),
    'cert:savePfx': ({ name }) => ({ saved: true, fileName: `${name}.pfx` }),
    'cert:chooseImportFile': () => ({ fileId: '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b', fileName: 'web02.pfx', sizeBytes: 3_412, format: 'pfx', suggestedName: 'web02', heldUntil: Date.now() + 300_000 }),
    'cert:forgetImportFile': () => undefined,
    'cert:import': ({ vault, name }) => ({ vault, name, version: 'f00dfeed', thumbprint: 'A1B2C3', subject: `CN=${name}.example`, newVersionOfExisting: false }),
    'cert:renew': ({ vault, name }) => ({ vault, name, status: 'inProgress' }),
    'cert:operation': ({ vault, name }) => ({ vault, name, status: 'none' }),
    'cert:merge': ({ vault, name }) => ({ vault, name, status: 'completed' }),
    'cert:cancelOperation': ({ vault, name }) => ({ vault, name, status: 'cancelled' }),
    'cert:setRenewal': () => undefined,
    'cert:delete': () => undefined,
    'cert:recover': () => undefined,
    'cert:deleted': () => [],
    'cert:create': ({ vault, name, template }) => ({ vault, name, status: 'inProgress', issuerName: template.issuer }),
    'cert:saveCsr': ({ name }) => ({ saved: true, fileName: `${name}.csr` }),
    'cert:officerAccess': ({ vault }) => data.officerAccess?.(vault) ?? { vault, officer: true, contacts: [] },
    'cert:setContacts': () => undefined,
    'cert:copyPrivateKey': () => ({ clearsAt: Date.now() + data.state.settings.clipboardSeconds * 1000 }),
    'pim:eligible': () => data.eligible,
    'pim:active': () => data.active,
    'pim:requestedWith': ({ groupId }) => data.requestedWith?.[groupId] ?? {},
    'pim:pending': () => data.pending,
    'pim:activate': () => ({ requestId: `req-${++requestSeq}` }),
    'pim:cancel': () => undefined,
    'pim:deactivate': () => undefined,
    'pim:extend': () => ({ requestId: `req-${++requestSeq}` }),
    'approvals:list': () => [],
    'approvals:decide': () => undefined,
    'approvals:count': () => ({ count: 0 }),
    'approvals:requestInfo': ({ accountId, requestId }) => ({
      accountId,
      requestId,
      groupId: 'g',
      groupName: 'g',
      approvers: [],
      waitingSince: Date.now(),
      lapsesAt: null,
      outcome: 'waiting',
      reminder: { subject: '', body: '', mailto: 'mailto:' },
    }),
    'team:group': ({ accountId, groupId }) => ({ accountId, groupId, holders: [], history: [] }),
    'session:lockNow': () => undefined,
    'session:activity': () => undefined,
    'settings:update': (patch) => {
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      data.state.settings = { ...data.state.settings, ...defined };
      return data.state.settings;
    },
    'expiry:overview': () => data.expiry,
    'journal:recent': ({ limit }) => data.journal.slice(0, limit ?? 50),
    'window:hidePopup': () => undefined,
    'window:openMain': () => undefined,
  };

  async function invoke(channel: InvokeChannel, args: unknown): Promise<IpcResult<unknown>> {
    calls.push({ channel, args });
    const failure = failures.get(channel);
    if (failure) return { ok: false, code: failure.code, message: failure.message };
    const handler = (handlers.get(channel) ?? defaults[channel]) as (args: unknown) => unknown;
    try {
      return { ok: true, value: structuredCloneSafe(await handler(args ?? {})) };
    } catch (error) {
      const code = (error as { code?: ErrorCode }).code ?? 'unknown';
      return { ok: false, code, message: (error as Error).message };
    }
  }

  // The same builder the preload and the preview use, over an in-memory transport.
  const bridge: JitVaultBridge = buildBridge(Object.keys(invokeChannels), {
    invoke: (channel, args) => invoke(channel as InvokeChannel, args),
    subscribe: (event, listener) => {
      const set = listeners.get(event as EventChannel) ?? new Set();
      set.add(listener);
      listeners.set(event as EventChannel, set);
      return () => set.delete(listener);
    },
  }, eventChannels);

  return {
    bridge,
    data,
    calls,
    callsTo: <C extends InvokeChannel>(channel: C) => calls.filter((c) => c.channel === channel).map((c) => c.args as ChannelArgs<C>),
    emit(event, payload) {
      // Main publishes the snapshot's diff with every catalog change (before the change event).
      if (event === 'vault:catalog') publishDiff();
      emitEvent(event, payload);
    },
    fail(channel, code, message = `fake ${code}`) {
      failures.set(channel, { code, message });
    },
    succeed(channel) {
      failures.delete(channel);
    },
    handle(channel, handler) {
      handlers.set(channel, handler as (args: never) => unknown);
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };
}

/** Results cross the bridge as copies (as with IPC), so the UI cannot mutate the fake's data. */
function structuredCloneSafe<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}
