import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

/** The renderer's root component (placeholder until the tray views land). */
function App() {
  return <h1>JIT Vault</h1>;
}

const container = document.getElementById('root');
if (!container) throw new Error('renderer/index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
