import type { AppStateDto } from '../../../shared/domain/types.js';

/** "Demo tenant" banner: demo mode talks to the local sandbox, never to a real tenant. */
export function DemoBanner({ state }: { state: AppStateDto }) {
  if (state.mode !== 'demo') return null;
  return (
    <div className="banner banner-demo" role="note" aria-label="Demo tenant">
      <strong>Demo tenant</strong>
      {state.demoTenantName ? ` — ${state.demoTenantName}` : ''}: sample data from the local sandbox, not a real Azure tenant.
    </div>
  );
}

/** What this desktop cannot do (no tray on plain GNOME, no capture protection on Linux, notifications refused). */
export function DesktopNotices({ state }: { state: AppStateDto }) {
  if (!state.desktopNotices?.length) return null;
  return (
    <>
      {state.desktopNotices.map((notice) => (
        <div key={notice} className="banner banner-warn" role="note" aria-label="About this desktop">
          {notice}
        </div>
      ))}
    </>
  );
}

/** Memory-only mode: no OS keychain, so the sign-in does not survive a restart. */
export function KeychainBanner({ state }: { state: AppStateDto }) {
  if (state.keychain !== 'unavailable-memory-only') return null;
  return (
    <div className="banner banner-warn" role="note" aria-label="Memory-only mode">
      <strong>Memory-only mode.</strong> Your system keychain is not available, so JIT Vault keeps your sign-in in memory only and you will sign in again
      after it restarts. Nothing is written to disk.{' '}
      {state.keychainReason ?? 'On Linux, unlocking or installing a Secret Service keyring (GNOME Keyring, KWallet) fixes this.'}
    </div>
  );
}
