import { focusFromHashParams, type MainViewFocus } from '../../shared/domain/main-view-focus.js';

/** Which window this renderer is: the tray's quick lookup, or the main (access) window on a tab. */
export type MainTab = 'access' | 'expiry' | 'history' | 'settings';
export interface ViewMode {
  view: 'popup' | 'main';
  tab: MainTab;
  /** Where in the tab to take the user (the approvals panel, from the quick lookup or a notification). */
  focus?: MainViewFocus;
}

const TABS: readonly MainTab[] = ['access', 'expiry', 'history', 'settings'];

/**
 * Reads `?view=popup` (or `#view=popup`) and `tab=` from the window's URL. Main opens the popup
 * window with the query and the main window without one; the hash form lets main switch tabs on an
 * already-loaded window without a reload.
 */
export function parseViewMode(location: { search: string; hash: string }): ViewMode {
  const params = new URLSearchParams(location.search);
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  const view = (hash.get('view') ?? params.get('view')) === 'popup' ? 'popup' : 'main';
  const tabParam = hash.get('tab') ?? params.get('tab');
  const tab = TABS.find((t) => t === tabParam) ?? 'access';
  const focus = tab === 'access' ? focusFromHashParams(hash) : undefined;
  return { view, tab, ...(focus ? { focus } : {}) };
}
