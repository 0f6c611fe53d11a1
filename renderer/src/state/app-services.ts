import type { JitVaultBridge } from '../bridge.js';
import { createAccessStore, type AccessStore, type RequestTrack } from './access-store.js';
import { isEnded } from './activation-phases.js';
import { createAppStore, type AppStore } from './app-store.js';
import { CatalogMirror } from './catalog-mirror.js';
import { toCertificateLookupItem } from './certificate-lookup.js';
import { createSearchStore, type SearchStore } from './search-store.js';
import { recentKeys } from './recents.js';
import { createSecretStore, type SecretStore } from './secret-store.js';

/** Everything a window's components use: the bridge and the stores built on it. */
export interface AppServices {
  bridge: JitVaultBridge;
  app: AppStore;
  search: SearchStore;
  secrets: SecretStore;
  access: AccessStore;
  /** The renderer's copy of the catalog's metadata (renderer-side search; never values). */
  catalog: CatalogMirror;
}

/** Fallback reveal limit before the settings arrive (the contract's maximum is 300 s). */
const DEFAULT_REVEAL_MS = 30_000;
/** Catalog events arrive per listed page: refresh the visible rows at most this often. */
const CATALOG_REFRESH_MS = 300;

/** Builds a window's stores on a bridge (the preload's, the preview's, or a test fake). */
export function createAppServices(bridge: JitVaultBridge, now: () => number = () => Date.now()): AppServices {
  const app = createAppStore(bridge);
  const secrets = createSecretStore(bridge, {
    maxRevealMs: () => (app.getState().state?.settings.revealSeconds ?? DEFAULT_REVEAL_MS / 1000) * 1000,
    now,
  });
  const catalog = new CatalogMirror();
  return { bridge, app, search: createSearchStore(bridge, catalog), secrets, access: createAccessStore(bridge, now), catalog };
}

/**
 * Whether the user is looking at this window now: focused and visible. An activation can reach Ready
 * minutes after the request, when the user has walked away or switched windows; a copy or reveal
 * then would put the value on a clipboard or screen nobody is watching.
 */
export function userIsHere(doc: Pick<Document, 'hasFocus' | 'visibilityState'> | undefined = typeof document === 'undefined' ? undefined : document): boolean {
  return doc !== undefined && doc.hasFocus() && doc.visibilityState === 'visible';
}

/**
 * Runs the copy/reveal a request asked for, once, when it reached Ready (reads the latest track) —
 * only while the user is here (`userIsHere`); otherwise it runs when the window next gets focus
 * (connectEvents), and main refuses it anyway while a user/OS lock waits for presence.
 */
function openWhenReady(services: AppServices, requestId: string, here: () => boolean): void {
  const track: RequestTrack | undefined = services.access.getState().requests[requestId];
  if (!track) return;
  const last = track.events[track.events.length - 1];
  if (!track.local || !track.thenOpen || track.opened || last?.phase !== 'Ready') return;
  if (!here()) return;
  services.access.getState().markOpened(track.requestId);
  const { vault, name, action } = track.thenOpen;
  void (action === 'copy' ? services.secrets.getState().copy({ vault, name }) : services.secrets.getState().reveal({ vault, name }));
}

/**
 * Subscribes the stores to main's events; returns the unsubscribe. Locks purge revealed values
 * first (before any re-render), then refresh what the lock changed.
 */
export function connectEvents(services: AppServices, here: () => boolean = () => userIsHere()): () => void {
  const { bridge, app, search, secrets, access, catalog } = services;
  let catalogTimer: ReturnType<typeof setTimeout> | undefined;
  let connected = true;
  let statusesDue = false;
  /** Asks main for the whole catalog snapshot (at start, and when a diff went missing). */
  const loadSnapshot = () => {
    void bridge.vault.snapshot().then(
      (result) => {
        if (!connected || !result.ok) return; // older main or an error: search stays on the bridge
        catalog.reset(result.value);
        search.getState().refresh();
      },
      () => undefined,
    );
  };
  loadSnapshot();
  /** The certificates join the quick lookup (its kind filter): read at start and whenever main says a vault's certificates changed. */
  const loadCertificates = () => {
    void bridge.cert.list().then(
      (result) => {
        if (!connected || !result.ok) return;
        const failures = result.value.vaults.flatMap((v) => (v.listing === 'failed' && v.error ? [{ vault: v.vault, message: v.error.message, ...(v.retryAt !== undefined ? { retryAt: v.retryAt } : {}) }] : []));
        const failuresChanged = JSON.stringify(failures) !== JSON.stringify(catalog.certificateListingFailures);
        catalog.setCertificateFailures(failures);
        if (catalog.setCertificates(result.value.items.map(toCertificateLookupItem)) || failuresChanged) search.getState().refresh();
      },
      () => undefined,
    );
  };
  loadCertificates();
  /** Catalog changes come per listed page: re-rank what is on screen (and the vault cards when due) at most every CATALOG_REFRESH_MS. */
  const refreshSoon = () => {
    if (catalogTimer !== undefined) return;
    catalogTimer = setTimeout(() => {
      catalogTimer = undefined;
      search.getState().refresh();
      if (statusesDue) void app.getState().load();
      statusesDue = false;
    }, CATALOG_REFRESH_MS);
  };
  const refreshVaults = () => {
    search.getState().refresh();
    void app.getState().load();
  };
  const offs = [
    bridge.on('session:locked', (payload) => {
      secrets.getState().onLocked(payload.vaults);
      app.getState().onLocked(payload);
      refreshVaults();
      void access.getState().loadActive();
    }),
    bridge.on('session:unlocked', (payload) => {
      app.getState().onUnlocked(payload);
      refreshVaults();
    }),
    bridge.on('session:expiring', (payload) => app.getState().onExpiring(payload)),
    bridge.on('clipboard:countdown', (payload) => secrets.getState().onCountdown(payload)),
    bridge.on('clipboard:cleared', (payload) => secrets.getState().onCleared(payload)),
    bridge.on('vault:snapshot', (diff) => {
      if (!catalog.ready) return; // the snapshot on its way includes it, or is newer
      const outcome = catalog.apply(diff);
      if (outcome === 'gap') loadSnapshot();
      else if (outcome === 'applied') refreshSoon();
    }),
    // With the snapshot, its diffs refresh the list; without, the bridge path asks main again.
    bridge.on('vault:catalog', (event) => {
      // A listing's end (or failure, or a lock) changes the vault cards too, not only the results:
      // without this the card stayed "0 secrets · listing…" after the listing had finished.
      if (event.type === 'listed' || event.type === 'failed' || event.type === 'locked') statusesDue = true;
      if (!catalog.ready || statusesDue) refreshSoon();
    }),
    bridge.on('cert:catalog', () => loadCertificates()),
    bridge.on('auth:deviceCode', (code) => app.getState().onDeviceCode(code)),
    bridge.on('app:stateChanged', () => {
      void app.getState().load();
      void access.getState().load();
    }),
    bridge.on('ui:focusSearch', () => app.getState().requestFocusSearch()),
    bridge.on('pim:activation', (event) => {
      // The access subscription below runs the thenOpen action when this makes the track Ready.
      access.getState().onActivation(event);
      if (isEnded(event.phase)) {
        void access.getState().loadActive();
        void access.getState().loadJournal();
        if (event.phase === 'Ready') refreshVaults();
      }
    }),
  ];
  // Any change to a track (a new event, or thenOpen arriving after a fast Ready) may make it due.
  const offAccess = access.subscribe((state, previous) => {
    for (const track of Object.values(state.requests)) {
      if (track !== previous.requests[track.requestId]) openWhenReady(services, track.requestId, here);
    }
  });
  // Recently used first on an empty search: the journal is the record of use (scoped to the signed-in accounts).
  const offRecents = access.subscribe((state, previous) => {
    if (state.journal === previous.journal) return;
    if (catalog.setRecents(recentKeys(state.journal)) && search.getState().query.trim() === '') search.getState().refresh();
  });
  // A copy or a reveal was journalled: read the journal again so the item joins the recents.
  const offUse = secrets.subscribe((state, previous) => {
    // A new item (not a countdown re-anchored, nor the same item again: it already leads the recents).
    const isNew = (now: { vault: string; name: string } | null, before: { vault: string; name: string } | null) => !!now && (now.vault !== before?.vault || now.name !== before?.name);
    const copied = !state.clipboard?.what && isNew(state.clipboard, previous.clipboard);
    if (copied || isNew(state.revealed, previous.revealed)) void access.getState().loadJournal();
  });
  // Back at the window: run what became Ready while the user was away.
  const onFocus = () => {
    for (const requestId of Object.keys(access.getState().requests)) openWhenReady(services, requestId, here);
  };
  if (typeof window !== 'undefined') window.addEventListener('focus', onFocus);
  return () => {
    connected = false;
    if (typeof window !== 'undefined') window.removeEventListener('focus', onFocus);
    if (catalogTimer !== undefined) clearTimeout(catalogTimer);
    offAccess();
    offRecents();
    offUse();
    for (const off of offs) off();
  };
}
