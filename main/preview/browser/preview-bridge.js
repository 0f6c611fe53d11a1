/* global window, document */
// Browser preview only (`npm run preview`): installs `window.jitVault` over the loopback WebSocket
// before the app's own module runs (module scripts run in document order; the preview server puts
// this one first). Served from 'self' as a file: no inline script, the CSP stays strict.
import { installWebBridge } from '/__preview/web-bridge.js';
import { BRIDGE_KEY, CHANNELS, EVENTS } from '/__preview/channels.js';

installWebBridge(window, { bridgeKey: BRIDGE_KEY, channels: CHANNELS, events: EVENTS, onBlockedPopup: showOpenLink });

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
