/* global window, document */
// Browser preview only (`npm run preview`): installs `window.jitVault` over the loopback WebSocket
// before the app's own module runs (module scripts run in document order; the preview server puts
// this one first). Served from 'self' as a file: no inline script, the CSP stays strict.
import { installWebBridge } from '/__preview/web-bridge.js';
import { BRIDGE_KEY, CHANNELS, EVENTS } from '/__preview/channels.js';

installWebBridge(window, { bridgeKey: BRIDGE_KEY, channels: CHANNELS, events: EVENTS, onBlockedPopup: showOpenLink, onView: showView });

const CLOSED_ID = 'jit-vault-preview-closed';

/**
 * The page plays both of the desktop app's windows (the view is in the URL: `?view=popup` or
 * `#view=…`). "Open the access window" switches to it; Esc in the quick lookup hides it as the
 * tray popup hides, leaving what the desktop would show: a way to open it again (the tray icon,
 * or the shortcut Ctrl+Shift+K — which works on this page too).
 */
function showView(view, tab) {
  if (view === 'main') {
    openView(`view=main${tab ? `&tab=${tab}` : ''}`);
    return;
  }
  const root = document.getElementById('root');
  if (root) root.hidden = true;
  document.getElementById(CLOSED_ID)?.remove();
  const box = document.createElement('main');
  box.id = CLOSED_ID;
  box.setAttribute('aria-label', 'Quick lookup closed');
  Object.assign(box.style, { maxWidth: '30rem', margin: '2rem auto', padding: '1rem', font: '15px system-ui, sans-serif', lineHeight: '1.4' });
  const title = document.createElement('h1');
  title.textContent = 'Quick lookup is closed';
  Object.assign(title.style, { fontSize: '1.2rem', margin: '0 0 0.5rem' });
  const text = document.createElement('p');
  text.textContent = 'In the desktop app, Esc hides the quick lookup until you click the tray icon or press Ctrl+Shift+K. Here:';
  const buttons = document.createElement('p');
  Object.assign(buttons.style, { display: 'flex', gap: '0.5rem', flexWrap: 'wrap' });
  buttons.append(button('Open quick lookup', () => openView('view=popup')), button('Open the access window', () => openView('view=main')));
  box.append(title, text, buttons);
  document.body.append(box);
  box.querySelector('button')?.focus();
}

function button(label, onClick) {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = label;
  Object.assign(element.style, { font: 'inherit', padding: '0.4rem 0.8rem' });
  element.addEventListener('click', onClick);
  return element;
}

/** Shows the app again on `hash` (the renderer follows hash changes); the quick lookup gets the focus. */
function openView(hash) {
  document.getElementById(CLOSED_ID)?.remove();
  const root = document.getElementById('root');
  if (root) root.hidden = false;
  window.location.hash = hash;
  if (hash === 'view=popup') setTimeout(() => document.querySelector('input[role="combobox"]')?.focus(), 0);
}

// The desktop's global shortcut, on this page: opens the quick lookup from anywhere in the preview.
document.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === 'k') {
    event.preventDefault();
    openView('view=popup');
  }
});

/**
 * The browser blocked the sign-in window (no recent click): offer a link the user can click instead.
 * Styled through CSSOM properties, which the CSP allows (style attributes in markup it would not).
 */
function showOpenLink(url) {
  const previous = document.getElementById('jit-vault-preview-open');
  if (previous) previous.remove();
  const box = document.createElement('div');
  box.id = 'jit-vault-preview-open';
  box.setAttribute('role', 'alert');
  Object.assign(box.style, { position: 'fixed', left: '1rem', right: '1rem', bottom: '1rem', padding: '0.75rem 1rem', background: '#fff8e1', color: '#222', border: '1px solid #c9a227', borderRadius: '6px', zIndex: '2147483647', font: '14px system-ui, sans-serif' });
  box.append('Your browser blocked the sign-in window. ');
  const link = document.createElement('a');
  link.href = url;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.textContent = 'Open the sign-in page';
  link.addEventListener('click', () => box.remove());
  box.append(link);
  document.body.append(box);
}
