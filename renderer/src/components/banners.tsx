import { useState, type ReactNode } from 'react';
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
      <CompactBanner className="banner-demo" label="Demo tenant" title={`Demo tenant${tenant}: ${DEMO_EXPLANATION}`}>
        <strong>Demo tenant</strong>
        {tenant}
      </CompactBanner>
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

/**
 * Memory-only mode: no OS keychain, so the sign-in does not survive a restart. `compact` (the quick
 * lookup): one line, the whole explanation in its tooltip and in the access window.
 */
export function KeychainBanner({ state, compact = false }: { state: AppStateDto; compact?: boolean }) {
  if (state.keychain !== 'unavailable-memory-only') return null;
  if (compact) {
    return (
      <CompactBanner className="banner-warn" label="Memory-only mode" title={`Memory-only mode: no system keychain, so you sign in again after JIT Vault restarts. ${state.keychainReason ?? ''}`.trim()}>
        <strong>Memory-only mode</strong> — sign in again after a restart
      </CompactBanner>
    );
  }
  return (
    <div className="banner banner-warn" role="note" aria-label="Memory-only mode">
      <strong>Memory-only mode.</strong> Your system keychain is not available, so JIT Vault keeps your sign-in in memory only and you will sign in again
      after it restarts. Nothing is written to disk.{' '}
      {state.keychainReason ?? 'On Linux, unlocking or installing a Secret Service keyring (GNOME Keyring, KWallet) fixes this.'}
    </div>
  );
}

/**
 * A one-line notice in the 520×460 quick lookup that the user can hide for as long as the window
 * lives (the notice stays in the access window): two full banners took a third of the popup at 200%.
 */
function CompactBanner({ className, label, title, children }: { className: string; label: string; title: string; children: ReactNode }) {
  const [hidden, setHidden] = useState(false);
  if (hidden) return null;
  return (
    <div className={`banner banner-compact ${className}`} role="note" aria-label={label} title={title}>
      <span className="banner-text">{children}</span>
      <button type="button" className="banner-dismiss" aria-label={`Hide the notice: ${label}`} onClick={() => setHidden(true)}>
        ×
      </button>
    </div>
  );
}
