import { useId, useState } from 'react';
import { ErrorMessage } from '../components/error-message.js';
import { useNow } from '../hooks/use-now.js';
import { useApp, useServices } from '../state/services-context.js';
import { formatCountdown } from '../util/format.js';

/**
 * Sign in to a tenant: in the browser (system browser or broker, chosen by main) or with a device
 * code, whose code main pushes through 'auth:deviceCode' and this panel shows large and selectable.
 */
export function SignInPanel() {
  const id = useId();
  const { app, bridge } = useServices();
  const tenants = useApp((s) => s.state?.tenants ?? []);
  const signIn = useApp((s) => s.signIn);
  const [tenantId, setTenantId] = useState(tenants[0]?.tenantId ?? '');
  const now = useNow(signIn.deviceCode !== undefined);
  const waiting = signIn.status === 'waiting';

  if (!tenants.length) return <p>No tenant is configured. Ask your administrator for JIT Vault's settings file.</p>;

  return (
    <div className="sign-in-panel">
      {tenants.length > 1 ? (
        <div className="field">
          <label htmlFor={`${id}-tenant`}>Organisation</label>
          <select id={`${id}-tenant`} value={tenantId} disabled={waiting} onChange={(event) => setTenantId(event.target.value)}>
            {tenants.map((tenant) => (
              <option key={tenant.tenantId} value={tenant.tenantId}>
                {tenant.displayName}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p>
          Organisation: <strong>{tenants[0]!.displayName}</strong>
        </p>
      )}
      {waiting ? (
        <div className="sign-in-waiting" role="status">
          {signIn.deviceCode ? (
            <div className="device-code">
              <p>{signIn.deviceCode.message}</p>
              <p>
                Go to <span className="mono">{signIn.deviceCode.verificationUri}</span> and enter the code:
              </p>
              <p className="device-code-value mono" aria-label={`Code ${signIn.deviceCode.userCode.split('').join(' ')}`}>
                {signIn.deviceCode.userCode}
              </p>
              <p className="muted">The code expires in {formatCountdown(signIn.deviceCode.expiresAt - now)}.</p>
              <button type="button" onClick={() => void bridge.app.openExternal({ url: signIn.deviceCode!.verificationUri })}>
                Open the sign-in page
              </button>
            </div>
          ) : (
            <p>{signIn.method === 'device-code' ? 'Getting a device code…' : 'Finish signing in in the browser window that opened…'}</p>
          )}
          <button type="button" onClick={() => void app.getState().cancelSignIn()}>
            Cancel sign-in
          </button>
        </div>
      ) : (
        <div className="form-actions">
          <button type="button" className="primary" onClick={() => void app.getState().startSignIn(tenantId, 'browser')}>
            Sign in with the browser
          </button>
          <button type="button" onClick={() => void app.getState().startSignIn(tenantId, 'device-code')}>
            Sign in with a device code
          </button>
        </div>
      )}
      {signIn.status === 'error' && signIn.error ? <ErrorMessage code={signIn.error.code} message={signIn.error.message} /> : null}
    </div>
  );
}
