import { useEffect } from 'react';
import { MainView } from './access/main-view.js';
import { SignInView } from './access/sign-in-view.js';
import { DemoBanner, DesktopNotices, KeychainBanner } from './components/banners.js';
import { ErrorMessage } from './components/error-message.js';
import { ExpiryBanner } from './components/expiry-banner.js';
import { PreviewSwitch } from './preview/preview-switch.js';
import { LockView } from './lock/lock-view.js';
import { PopupView } from './popup/popup-view.js';
import { connectEvents, type AppServices } from './state/app-services.js';
import { ServicesContext, useApp, useServices } from './state/services-context.js';
import type { ViewMode } from './view-mode.js';

/** Tell main about user activity (idle lock) at most this often. */
const ACTIVITY_THROTTLE_MS = 15_000;

/** Applies the theme setting: 'system' follows prefers-color-scheme (CSS), light/dark override it. */
function useTheme(): void {
  const theme = useApp((s) => s.state?.settings.theme ?? 'system');
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}

/** Reports keyboard and pointer activity to main's idle-lock timer (throttled). */
function useActivityReport(): void {
  const { bridge } = useServices();
  useEffect(() => {
    let last = -Infinity;
    const report = () => {
      const now = Date.now();
      if (now - last < ACTIVITY_THROTTLE_MS) return;
      last = now;
      void bridge.session.activity();
    };
    document.addEventListener('keydown', report, true);
    document.addEventListener('pointerdown', report, true);
    return () => {
      document.removeEventListener('keydown', report, true);
      document.removeEventListener('pointerdown', report, true);
    };
  }, [bridge]);
}

function Screen({ mode }: { mode: ViewMode }) {
  const state = useApp((s) => s.state);
  const loadError = useApp((s) => s.loadError);
  const lock = useApp((s) => s.lock);
  useTheme();
  useActivityReport();

  if (!state) {
    return (
      <main className="center-view" aria-label="JIT Vault">
        {loadError ? <ErrorMessage code={loadError.code} message={loadError.message} /> : <p role="status">Loading…</p>}
      </main>
    );
  }
  let body;
  if (lock) body = <LockView lock={lock} />;
  else if (state.accounts.length === 0) body = <SignInView />;
  else body = mode.view === 'popup' ? <PopupView /> : <MainView initialTab={mode.tab} focus={mode.focus} />;
  return (
    <div className={`app app-${mode.view}`}>
      {/* A named region so the notices sit in a landmark (screen-reader navigation). */}
      <section className="notices" aria-label="Notices">
        <DemoBanner state={state} compact={mode.view === 'popup'} />
        <KeychainBanner state={state} compact={mode.view === 'popup'} />
        {/* The 520×460 quick lookup keeps its room for results: desktop notices live in the main window. */}
        {mode.view !== 'popup' && <DesktopNotices state={state} />}
        <ExpiryBanner />
      </section>
      <PreviewSwitch state={state} mode={mode} />
      {body}
    </div>
  );
}

/**
 * The renderer's root: provides the window's services, subscribes to main's events, loads the app
 * state and PIM state, then shows the view for this window (popup or main) or the sign-in/lock view.
 */
export function App({ services, mode }: { services: AppServices; mode: ViewMode }) {
  useEffect(() => {
    const disconnect = connectEvents(services);
    void services.app.getState().load();
    void services.access.getState().load();
    return disconnect;
  }, [services]);
  return (
    <ServicesContext.Provider value={services}>
      <Screen mode={mode} />
    </ServicesContext.Provider>
  );
}
