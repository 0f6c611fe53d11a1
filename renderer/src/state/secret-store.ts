import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CatalogItemDto } from '../../../shared/domain/types.js';
import type { EventPayloads } from '../../../shared/ipc/contract.js';
import { BridgeError, toBridgeError, unwrap, type JitVaultBridge } from '../bridge.js';

/** Names of a secret (never its value); `customer` labels the panels so nobody pastes Contoso's password into Fabrikam. */
export interface SecretRef {
  vault: string;
  name: string;
  customer?: string;
}

/** A TOTP code on screen (the seed never leaves main): refreshed when it expires, dropped at `hideAt`. */
export interface ShownTotp extends SecretRef {
  code: string;
  validUntil: number;
  periodSeconds: number;
  hideAt: number;
}

/** A value on screen. It lives here only while shown; `hide()` and locks drop it. */
export interface RevealedSecret extends SecretRef {
  value: string;
  /** Local deadline (epoch ms) at which it hides itself. */
  hideAt: number;
  largeType: boolean;
}

export interface SecretSlice {
  /** The secret main put on the clipboard and when main clears it (no value: copy never sends one). */
  clipboard: (SecretRef & { clearsAt: number; what?: 'username' }) | null;
  /** Last clipboard outcome worth telling ("Clipboard cleared"). */
  clipboardNote: string | null;
  revealed: RevealedSecret | null;
  totp: ShownTotp | null;
  busy: 'copy' | 'reveal' | 'favourite' | null;
  error: { code: BridgeError['code']; message: string; secret?: SecretRef } | null;
  copy(secret: SecretRef): Promise<boolean>;
  /** Copies the item's username tag (works while its vault is locked). */
  copyUsername(secret: SecretRef): Promise<boolean>;
  /** Shows the current TOTP code of an otpauth:// item, refreshing it until the reveal time is up. */
  showTotp(secret: SecretRef): Promise<boolean>;
  reveal(secret: SecretRef): Promise<boolean>;
  hide(): void;
  toggleLargeType(): void;
  setFavourite(secret: SecretRef, favourite: boolean): Promise<CatalogItemDto | null>;
  clearError(): void;
  onCountdown(payload: EventPayloads['clipboard:countdown']): void;
  onCleared(payload: EventPayloads['clipboard:cleared']): void;
  /** A lock: revealed values of those vaults (all of them when `vaults` is empty) leave state and DOM. */
  onLocked(vaults: string[]): void;
}

export type SecretStore = StoreApi<SecretSlice>;

const CLEARED_TEXT: Record<EventPayloads['clipboard:cleared']['reason'], string> = {
  timeout: 'Clipboard cleared.',
  lock: 'Clipboard cleared because JIT Vault locked.',
  replaced: 'Clipboard countdown stopped: you copied something else.',
  quit: 'Clipboard cleared.',
  'changed-externally': 'Clipboard countdown stopped: the clipboard changed.',
};

export interface SecretStoreOptions {
  /** The longest a value may stay on screen (the user's reveal setting), in ms. */
  maxRevealMs(): number;
  now?: () => number;
}

/**
 * Copy and reveal. Copy asks main to put the value on the clipboard and only learns when main will
 * clear it. Reveal receives the value once and schedules its own removal at the earlier of main's
 * `hideAt` and now + the reveal setting, so a skewed clock cannot keep a value on screen longer.
 */
export function createSecretStore(bridge: JitVaultBridge, options: SecretStoreOptions): SecretStore {
  const now = options.now ?? (() => Date.now());
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  let revealGeneration = 0;
  let totpTimer: ReturnType<typeof setTimeout> | undefined;
  const label = (secret: SecretRef): SecretRef => ({ vault: secret.vault, name: secret.name, ...(secret.customer ? { customer: secret.customer } : {}) });

  return createStore<SecretSlice>()((set, get) => {
    function fail(error: unknown, secret?: SecretRef): void {
      const failure = toBridgeError(error);
      set({ busy: null, error: { code: failure.code, message: failure.message, ...(secret ? { secret } : {}) } });
    }

    function clearHideTimer(): void {
      if (hideTimer !== undefined) clearTimeout(hideTimer);
      hideTimer = undefined;
    }

    return {
      clipboard: null,
      clipboardNote: null,
      revealed: null,
      totp: null,
      busy: null,
      error: null,

      async copy(secret) {
        set({ busy: 'copy', error: null });
        try {
          const { clearsAt } = await unwrap(bridge.vault.copy({ vault: secret.vault, name: secret.name }));
          set({ busy: null, clipboard: { ...label(secret), clearsAt }, clipboardNote: null });
          return true;
        } catch (error) {
          fail(error, secret);
          return false;
        }
      },

      async copyUsername(secret) {
        set({ busy: 'copy', error: null });
        try {
          const { clearsAt } = await unwrap(bridge.vault.copyUsername({ vault: secret.vault, name: secret.name }));
          set({ busy: null, clipboard: { ...label(secret), clearsAt, what: 'username' }, clipboardNote: null });
          return true;
        } catch (error) {
          fail(error, secret);
          return false;
        }
      },

      async showTotp(secret) {
        const generation = ++revealGeneration;
        get().hide();
        revealGeneration = generation;
        set({ busy: 'reveal', error: null });
        const hideAt = now() + options.maxRevealMs();
        const load = async (): Promise<boolean> => {
          try {
            const answer = await unwrap(bridge.vault.totp({ vault: secret.vault, name: secret.name }));
            if (generation !== revealGeneration) return false;
            set({ busy: null, totp: { ...label(secret), ...answer, hideAt } });
            if (totpTimer !== undefined) clearTimeout(totpTimer);
            // The next code when this one expires, while the reveal time lasts; then it hides.
            const next = Math.min(answer.validUntil, hideAt) - now();
            totpTimer = setTimeout(() => void (answer.validUntil < hideAt ? load() : get().hide()), Math.max(0, next));
            return true;
          } catch (error) {
            if (generation === revealGeneration) fail(error, secret);
            return false;
          }
        };
        return load();
      },

      async reveal(secret) {
        const generation = ++revealGeneration;
        get().hide();
        set({ busy: 'reveal', error: null });
        try {
          const answer = await unwrap(bridge.vault.reveal({ vault: secret.vault, name: secret.name }));
          // Hidden, locked or replaced while the call was in flight: drop the value unseen.
          if (generation !== revealGeneration) return false;
          const hideAt = Math.min(answer.hideAt, now() + options.maxRevealMs());
          set({ busy: null, revealed: { ...label(secret), value: answer.value, hideAt, largeType: false } });
          clearHideTimer();
          hideTimer = setTimeout(() => get().hide(), Math.max(0, hideAt - now()));
          return true;
        } catch (error) {
          if (generation === revealGeneration) fail(error, secret);
          return false;
        }
      },

      hide() {
        clearHideTimer();
        if (totpTimer !== undefined) clearTimeout(totpTimer);
        totpTimer = undefined;
        if (get().totp) set({ totp: null });
        if (get().busy === 'reveal') revealGeneration++;
        if (get().revealed || get().busy === 'reveal') set({ revealed: null, busy: get().busy === 'reveal' ? null : get().busy });
      },

      toggleLargeType() {
        const revealed = get().revealed;
        if (revealed) set({ revealed: { ...revealed, largeType: !revealed.largeType } });
      },

      async setFavourite(secret, favourite) {
        set({ busy: 'favourite', error: null });
        try {
          const item = await unwrap(bridge.vault.setFavourite({ vault: secret.vault, name: secret.name, favourite }));
          set({ busy: null });
          return item;
        } catch (error) {
          fail(error, secret);
          return null;
        }
      },

      clearError() {
        set({ error: null });
      },

      onCountdown(payload) {
        // Re-anchor on main's remaining time: the renderer's clock may differ from main's.
        const held = get().clipboard;
        const same = held && held.vault === payload.vault && held.name === payload.name ? held : undefined;
        set({ clipboard: { ...(same ?? {}), vault: payload.vault, name: payload.name, clearsAt: now() + payload.remainingMs }, clipboardNote: null });
      },

      onCleared(payload) {
        set({ clipboard: null, clipboardNote: CLEARED_TEXT[payload.reason] });
      },

      onLocked(vaults) {
        const shown = get().revealed ?? get().totp;
        const all = vaults.length === 0;
        if (get().busy === 'reveal' || (shown && (all || vaults.includes(shown.vault)))) get().hide();
      },
    };
  });
}
