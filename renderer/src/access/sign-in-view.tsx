import { SignInPanel } from './sign-in-panel.js';

/** Nobody is signed in: explain what JIT Vault needs and offer the sign-in methods. */
export function SignInView() {
  return (
    <main className="center-view" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to JIT Vault</h1>
      <p>Sign in with your work account. JIT Vault then lists the secrets in your organisation's vaults and unlocks them when you request access.</p>
      <SignInPanel />
    </main>
  );
}
