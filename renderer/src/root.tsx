import { useEffect, useState } from 'react';
import { App } from './app.js';
import type { JitVaultBridge } from './bridge.js';
import { createAppServices } from './state/app-services.js';
import { parseViewMode } from './view-mode.js';

/**
 * Builds the window's services once and follows the URL hash, so main can switch the access
 * window's tab (`#tab=settings`) without reloading it.
 */
export function Root({ bridge }: { bridge: JitVaultBridge }) {
  const [services] = useState(() => createAppServices(bridge));
  const [mode, setMode] = useState(() => parseViewMode(window.location));
  useEffect(() => {
    const onHash = () => setMode(parseViewMode(window.location));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.documentElement.dataset.view = mode.view;
  }, [mode.view]);
  return <App services={services} mode={mode} />;
}
