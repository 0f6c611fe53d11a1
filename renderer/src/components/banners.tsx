import type { AppStateDto } from '../../../shared/domain/types.js';

const DEMO_EXPLANATION = 'sample data from the local sandbox, not a real Azure tenant.';

/**
 * "Demo tenant" banner: demo mode talks to the local sandbox, never to a real tenant. `compact`
 * (the 520×460 quick lookup) keeps it to one line, the explanation in its tooltip: at 200% zoom the
 * full sentence took four lines, a third of the popup, from the results and panels.
 */
export function DemoBanner({ state, compact = false }: { state: AppStateDto; compact?: boolean }) {
  if (state.mode !== 'demo') return null;
  const tenant = state.demoTenantName ? ` — ${state.demoTenantName}` : '';
  if (compact) {
    return (
      <div className="banner banner-demo banner-compact" role="note" aria-label="Demo tenant" title={`Demo tenant${tenant}: ${DEMO_EXPLANATION}`}>
        <strong>Demo tenant</strong>
        {tenant}
      </div>
    );
  }
  return (
    <div className="banner banner-demo" role="note" aria-label="Demo tenant">
      <strong>Demo tenant</strong>
      {tenant}: {DEMO_EXPLANATION}
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
