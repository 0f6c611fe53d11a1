import type { AppStateDto } from '../../../shared/domain/types.js';
import type { ViewMode } from '../view-mode.js';

/**
 * The browser preview is one page playing both desktop windows. The access window there gets a way
 * to the quick lookup (the desktop's tray icon and global shortcut do not exist in a browser tab);
 * the quick lookup itself keeps its 520×460 for results and reaches the access window through Esc
 * (main/preview/browser/preview-bridge.js) or its own "Open the access window".
 */
export function PreviewSwitch({ state, mode }: { state: AppStateDto; mode: ViewMode }) {
  if (state.platform !== 'browser-preview' || mode.view !== 'main') return null;
  return (
    <nav className="preview-switch" aria-label="Browser preview">
      <span className="muted">Browser preview:</span>{' '}
      <button type="button" className="link-button" onClick={() => (window.location.hash = 'view=popup')}>
        Open quick lookup
      </button>{' '}
      <span className="muted">(Ctrl+Shift+K)</span>
    </nav>
  );
}
