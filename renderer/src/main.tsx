import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getBridge } from './bridge.js';
import { NoBridgeView } from './no-bridge-view.js';
import { Root } from './root.js';
import './styles/base.css';
import './styles/popup.css';
import './styles/main-window.css';
import './styles/expiry.css';
import './styles/certificates.css';

/** Renderer entry: the bridge from the preload (or the preview's web bridge), then the window's UI. */
const container = document.getElementById('root');
if (!container) throw new Error('renderer/index.html has no #root element');
const bridge = getBridge(window);
createRoot(container).render(<StrictMode>{bridge ? <Root bridge={bridge} /> : <NoBridgeView />}</StrictMode>);
