import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppStateDto, DeviceCodeDto, LockReason, UiSettingsDto } from '../../../shared/domain/types.js';
import type { EventPayloads } from '../../../shared/ipc/contract.js';
import { BridgeError, toBridgeError, unwrap, type JitVaultBridge } from '../bridge.js';

/** The last lock main reported: shown as the lock view until the user continues. */
export interface LockNotice {
  reason: LockReason;
  vaults: string[];
  at: number;
}

/** Where an interactive sign-in stands. */
export interface SignInProgress {
  status: 'idle' | 'waiting' | 'error';
  method?: 'browser' | 'device-code';
  deviceCode?: DeviceCodeDto;
  error?: BridgeError;
}

export type SettingsPatch = Partial<UiSettingsDto>;

export interface AppSlice {
  state: AppStateDto | null;
  loadError: BridgeError | null;
  lock: LockNotice | null;
  /** Vault name → when its access ends, from 'session:expiring'. */
  expiring: Record<string, number>;
  signIn: SignInProgress;
  /** Bumped by 'ui:focusSearch' so the popup re-focuses its search box. */
  focusSearchTick: number;
  load(): Promise<void>;
  dismissLock(): void;
  startSignIn(tenantId: string, method: 'browser' | 'device-code'): Promise<void>;
  cancelSignIn(): Promise<void>;
  signOut(accountId: string): Promise<BridgeError | null>;
  updateSettings(patch: SettingsPatch): Promise<BridgeError | null>;
  lockNow(): Promise<void>;
  onLocked(payload: EventPayloads['session:locked']): void;
  onUnlocked(payload: EventPayloads['session:unlocked']): void;
  onExpiring(payload: EventPayloads['session:expiring']): void;
  onDeviceCode(code: DeviceCodeDto): void;
  requestFocusSearch(): void;
}

export type AppStore = StoreApi<AppSlice>;

/** App-wide state: what main reports (accounts, vaults, settings, mode), lock and sign-in progress. */
export function createAppStore(bridge: JitVaultBridge): AppStore {
  return createStore<AppSlice>()((set, get) => ({
    state: null,
    loadError: null,
    lock: null,
    expiring: {},
    signIn: { status: 'idle' },
    focusSearchTick: 0,

    async load() {
      try {
        const state = await unwrap(bridge.app.getState());
        set({ state, loadError: null });
      } catch (error) {
        set({ loadError: toBridgeError(error) });
      }
    },

    dismissLock() {
      set({ lock: null });
    },

    async startSignIn(tenantId, method) {
      set({ signIn: { status: 'waiting', method } });
      try {
        await unwrap(bridge.auth.signIn({ tenantId, method }));
        set({ signIn: { status: 'idle' } });
        await get().load();
      } catch (error) {
        const failure = toBridgeError(error);
        // The user cancelling is not an error worth a red box.
        set({ signIn: failure.code === 'cancelled' ? { status: 'idle' } : { status: 'error', method, error: failure } });
      }
    },

    async cancelSignIn() {
      await bridge.auth.cancelSignIn();
      set({ signIn: { status: 'idle' } });
    },

    async signOut(accountId) {
      try {
        await unwrap(bridge.auth.signOut({ accountId }));
        await get().load();
        return null;
      } catch (error) {
        return toBridgeError(error);
      }
    },

    async updateSettings(patch) {
      try {
        const settings = await unwrap(bridge.settings.update(patch));
        const state = get().state;
        if (state) set({ state: { ...state, settings } });
        return null;
      } catch (error) {
        return toBridgeError(error);
      }
    },

    async lockNow() {
      await bridge.session.lockNow();
    },

    onLocked(payload) {
      const expiring = { ...get().expiring };
      for (const vault of payload.vaults) delete expiring[vault];
      set({ lock: { reason: payload.reason, vaults: payload.vaults, at: payload.at }, expiring });
    },

    onUnlocked(payload) {
      const expiring = { ...get().expiring };
      delete expiring[payload.vault];
      set({ expiring });
    },

    onExpiring(payload) {
      set({ expiring: { ...get().expiring, [payload.vault]: payload.endsAt } });
    },

    onDeviceCode(code) {
      const signIn = get().signIn;
      set({ signIn: { ...signIn, status: 'waiting', method: 'device-code', deviceCode: code } });
    },

    requestFocusSearch() {
      set({ focusSearchTick: get().focusSearchTick + 1 });
    },
  }));
}
