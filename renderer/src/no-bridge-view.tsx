/** Shown when the page is opened outside JIT Vault (no preload bridge): nothing can work, say why. */
export function NoBridgeView() {
  return (
    <main className="center-view" aria-labelledby="no-bridge-title">
      <h1 id="no-bridge-title">JIT Vault</h1>
      <p>This page only works inside the JIT Vault app. Open JIT Vault from its tray icon (or run the browser preview with npm run preview).</p>
    </main>
  );
}
