import { useState } from 'react';
import type { BridgeError } from '../bridge.js';
import { ErrorMessage } from '../components/error-message.js';
import { useApp, useServices } from '../state/services-context.js';
import { SignInPanel } from './sign-in-panel.js';

/** Signed-in accounts, each with Sign out, and "Add an account" (the sign-in methods). */
export function AccountsSection() {
  const { app } = useServices();
  const accounts = useApp((s) => s.state?.accounts ?? []);
  const tenants = useApp((s) => s.state?.tenants ?? []);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  const tenantName = (tenantId: string, fallback?: string) => fallback ?? tenants.find((t) => t.tenantId === tenantId)?.displayName ?? tenantId;

  return (
    <section className="card" aria-labelledby="accounts-title">
      <h2 id="accounts-title">Accounts</h2>
      <ul className="plain-list">
        {accounts.map((account) => (
          <li key={account.accountId} className="list-row">
            <span>
              <strong>{account.name ?? account.username}</strong> <span className="muted">{account.username}</span> ·{' '}
              {tenantName(account.tenantId, account.tenantName)}
            </span>
            <button type="button" aria-label={`Sign out ${account.username}`} onClick={async () => setError(await app.getState().signOut(account.accountId))}>
              Sign out
            </button>
          </li>
        ))}
      </ul>
      {error ? <ErrorMessage code={error.code} message={error.message} onDismiss={() => setError(null)} /> : null}
      {adding ? (
        <>
          <SignInPanel />
          <button type="button" className="link-button" onClick={() => setAdding(false)}>
            Close
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setAdding(true)}>
          Add an account
        </button>
      )}
    </section>
  );
}
