import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../http/router.js';
import { entraTimestamp, type EntraError } from './errors.js';
import { escapeHtml, hiddenInputs, layout, newNonce, sendHtml } from './html.js';

/**
 * The sandbox's sign-in pages, rendered server-side (no scripts except the form_post auto-submit).
 * Each takes plain strings and escapes them; each returns a complete HTML document.
 */

/** The username/password page. `flow` is the opaque sign-in flow id carried between pages. */
export function signInPage(input: {
  nonce: string;
  action: string;
  flow: string;
  appName: string;
  tenantName: string;
  loginHint?: string;
  error?: string;
}): string {
  const error = input.error ? `<p class="error" role="alert" id="signin-error">${escapeHtml(input.error)}</p>` : '';
  const describedBy = input.error ? ' aria-describedby="signin-error" aria-invalid="true"' : '';
  return layout(
    'Sign in to your account',
    `<h1>Sign in</h1>
<p>to continue to <strong>${escapeHtml(input.appName)}</strong> (${escapeHtml(input.tenantName)})</p>
${error}
<form method="post" action="${escapeHtml(input.action)}" novalidate>
${hiddenInputs({ flow: input.flow })}
<label for="login">Email, phone, or Skype</label>
<input type="email" id="login" name="login" autocomplete="username" required value="${escapeHtml(input.loginHint ?? '')}"${describedBy}>
<label for="passwd">Password</label>
<input type="password" id="passwd" name="passwd" autocomplete="current-password" required${describedBy}>
<div class="actions"><button type="submit">Sign in</button></div>
</form>
<p class="small">Local Azure sandbox: no real account is used.</p>`,
    input.nonce,
  );
}

/** The simulated Microsoft Authenticator approval step. */
export function mfaPage(input: { nonce: string; action: string; flow: string; username: string; contexts: string[] }): string {
  const why = input.contexts.length > 0 ? `<p>This resource requires additional verification (authentication context ${escapeHtml(input.contexts.join(', '))}).</p>` : '';
  return layout(
    'Approve sign-in request',
    `<h1>Approve sign-in request</h1>
<p class="small">${escapeHtml(input.username)}</p>
${why}
<p>Open your Authenticator app, and approve the request to sign in. (Simulated Authenticator: choose below.)</p>
<form method="post" action="${escapeHtml(input.action)}">
${hiddenInputs({ flow: input.flow })}
<div class="actions">
<button type="submit" name="mfa" value="approve">Approve sign-in</button>
<button type="submit" name="mfa" value="deny" class="secondary">Deny</button>
</div>
</form>`,
    input.nonce,
  );
}

/** The device-code entry page (`/devicelogin`). */
export function deviceCodeEntryPage(input: { nonce: string; action: string; error?: string }): string {
  const error = input.error ? `<p class="error" role="alert" id="code-error">${escapeHtml(input.error)}</p>` : '';
  return layout(
    'Enter code',
    `<h1>Enter code</h1>
<p>Enter the code displayed on your app or device.</p>
${error}
<form method="post" action="${escapeHtml(input.action)}" novalidate>
<label for="otc">Code</label>
<input type="text" id="otc" name="otc" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" required${input.error ? ' aria-describedby="code-error" aria-invalid="true"' : ''}>
<div class="actions"><button type="submit">Next</button></div>
</form>`,
    input.nonce,
  );
}

/** "Are you trying to sign in to …?" before a device-code sign-in. */
export function deviceConfirmPage(input: { nonce: string; action: string; flow: string; appName: string }): string {
  return layout(
    'Are you trying to sign in?',
    `<h1>Are you trying to sign in to ${escapeHtml(input.appName)}?</h1>
<p>Only continue if you downloaded the app from a store or website that you trust.</p>
<form method="post" action="${escapeHtml(input.action)}">
${hiddenInputs({ flow: input.flow })}
<div class="actions">
<button type="submit" name="confirm" value="continue">Continue</button>
<button type="submit" name="confirm" value="cancel" class="secondary">Cancel</button>
</div>
</form>`,
    input.nonce,
  );
}

/** Final page of a device-code sign-in. */
export function deviceDonePage(input: { nonce: string; appName: string; approved: boolean }): string {
  return input.approved
    ? layout(
        'Signed in',
        `<h1>${escapeHtml(input.appName)}</h1><p>You have signed in to the ${escapeHtml(input.appName)} application on your device. You may now close this window.</p>`,
        input.nonce,
      )
    : layout('Sign-in canceled', `<h1>Sign-in canceled</h1><p>You have declined to sign in to ${escapeHtml(input.appName)} on the other device. You may now close this window.</p>`, input.nonce);
}

/** An error page for problems that cannot be sent back to the client (bad client, bad redirect URI). */
export function errorPage(input: { nonce: string; code: number; text: string; traceId: string; correlationId: string; timestamp: string }): string {
  return layout(
    'Sign in error',
    `<h1>Sorry, but we're having trouble signing you in.</h1>
<p class="error" role="alert">AADSTS${input.code}: ${escapeHtml(input.text)}</p>
<p class="small">Trace ID: ${escapeHtml(input.traceId)}<br>Correlation ID: ${escapeHtml(input.correlationId)}<br>Timestamp: ${escapeHtml(input.timestamp)}</p>`,
    input.nonce,
  );
}

/** The auto-submitting response_mode=form_post page (the shape Entra sends: a hidden form and a one-line script). */
export function formPostPage(input: { nonce: string; redirectUri: string; fields: Record<string, string> }): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Working...</title></head>
<body>
<form method="POST" name="hiddenform" action="${escapeHtml(input.redirectUri)}">
${hiddenInputs(input.fields)}
<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit"></noscript>
</form>
<script nonce="${input.nonce}">document.forms[0].submit();</script>
</body></html>`;
}

/** Shown by the logout endpoint when there is no loopback post_logout_redirect_uri. */
export function signedOutPage(input: { nonce: string }): string {
  return layout('Sign out', '<h1>You signed out of your account</h1><p>It\'s a good idea to close all browser windows.</p>', input.nonce);
}

/** Sends an error page (for errors Entra shows the user instead of returning them to the client). */
export function sendErrorPage(ctx: RequestContext, error: EntraError, nowMs: number, correlationId: string = randomUUID()): void {
  const nonce = newNonce();
  const html = errorPage({ nonce, code: error.code, text: error.text, traceId: randomUUID(), correlationId, timestamp: entraTimestamp(nowMs) });
  sendHtml(ctx, error.status, html, { nonce });
}
