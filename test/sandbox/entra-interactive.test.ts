import { InteractionRequiredAuthError } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { createTestMsalApp, decodeJwtPayload, parseForm, signInInteractive, submitForm } from '../helpers/msal.js';
import {
  ALEX,
  ALEX_GUEST_OID,
  CONTOSO_TID,
  FABRIKAM_TID,
  KV_SCOPE,
  LEE,
  SARA,
  authorizeUrl,
  browseToFormPost,
  origin,
  pkce,
  verifyJwt,
} from './entra-fixtures.js';

/**
 * Interactive sign-in (authorization code + PKCE, response_mode=form_post) through msal-node 7's
 * acquireTokenInteractive, with an openBrowser that plays the browser over HTTP; the simulated MFA
 * step; and the sign-in page itself (accessibility basics, escaping, CSP, no external resources).
 */
describe('Entra interactive sign-in through msal-node', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('completes acquireTokenInteractive: sign-in page, form_post to the loopback, code redemption', async () => {
    const { info } = sandbox;
    const app = createTestMsalApp(info);
    const result = await signInInteractive(app, SARA, { scopes: [KV_SCOPE] });
    const access = await verifyJwt(info, result.accessToken, { issuer: `https://sts.windows.net/${CONTOSO_TID}/`, audience: 'https://vault.azure.net' });
    expect(access).toMatchObject({ oid: SARA.oid, amr: ['pwd'] });
    expect(access.acrs).toBeUndefined();
    await verifyJwt(info, result.idToken, { issuer: `${origin(info)}/${CONTOSO_TID}/v2.0`, audience: info.clientId });
    expect(result.account).toMatchObject({ homeAccountId: `${SARA.oid}.${CONTOSO_TID}`, username: SARA.username });
    // The refresh token from the code works for silent renewal.
    const renewed = await app.acquireTokenSilent({ account: result.account!, scopes: [KV_SCOPE], forceRefresh: true });
    expect(renewed.accessToken).not.toBe(result.accessToken);
  });

  it('steps up with the simulated Authenticator when the claims ask for an authentication context', async () => {
    const { info } = sandbox;
    const app = createTestMsalApp(info);
    const c1 = JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } });
    const result = await signInInteractive(app, { ...ALEX, mfa: 'approve' }, { scopes: ['https://graph.microsoft.com/.default'], claims: c1 });
    expect(decodeJwtPayload(result.accessToken)).toMatchObject({ amr: ['pwd', 'mfa'], acrs: ['c1'] });

    // The refresh token remembers the MFA and the satisfied context...
    const again = await app.acquireTokenSilent({ account: result.account!, scopes: ['https://graph.microsoft.com/.default'], claims: c1 });
    expect(decodeJwtPayload(again.accessToken)).toMatchObject({ amr: ['pwd', 'mfa'], acrs: ['c1'] });
    // ...but a context never satisfied needs interaction again.
    const c2 = JSON.stringify({ access_token: { acrs: { essential: true, values: ['c2'] } } });
    const error = await app.acquireTokenSilent({ account: result.account!, scopes: ['https://graph.microsoft.com/.default'], claims: c2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect((error as InteractionRequiredAuthError).errorMessage).toContain('AADSTS50076');
    expect(JSON.parse((error as InteractionRequiredAuthError).claims)).toEqual(JSON.parse(c2));
  });

  it('reports a denied Authenticator request to the client as access_denied (AADSTS500121)', async () => {
    const { info } = sandbox;
    const mfa = JSON.stringify({ access_token: { amr: { essential: true, values: ['mfa'] } } });
    const error = await signInInteractive(createTestMsalApp(info), { ...SARA, mfa: 'deny' }, { scopes: [KV_SCOPE], claims: mfa }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain('access_denied');
    expect(String((error as Error).message)).toContain('AADSTS500121');
  });

  it('signs a guest in interactively to the resource tenant', async () => {
    const { info } = sandbox;
    const result = await signInInteractive(createTestMsalApp(info, FABRIKAM_TID), ALEX, { scopes: [KV_SCOPE] });
    expect(decodeJwtPayload(result.accessToken)).toMatchObject({ tid: FABRIKAM_TID, oid: ALEX_GUEST_OID });
    expect(result.account).toMatchObject({ homeAccountId: `${ALEX.oid}.${CONTOSO_TID}`, tenantId: FABRIKAM_TID });
  });

  it('serves an accessible, self-contained sign-in page that escapes what it echoes', async () => {
    const { info } = sandbox;
    const hint = '"><script>alert(1)</script>';
    const response = await fetch(authorizeUrl(info, { code_challenge: pkce().challenge, login_hint: hint }));
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self' http://localhost:53123");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&#34;&#62;&#60;script&#62;');
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<label for="login">/);
    expect(html).toMatch(/<label for="passwd">/);
    expect(html).toMatch(/autocomplete="username"/);
    // The OAuth parameters stay server-side: the page carries an opaque flow id, not the challenge.
    expect(html).not.toContain('code_challenge');
  });

  it('re-renders the page with an error for a wrong password, then accepts the right one', async () => {
    const { info } = sandbox;
    const url = authorizeUrl(info, { code_challenge: pkce().challenge });
    const page = await fetch(url);
    const form = parseForm(await page.text(), url)!;
    const wrong = await submitForm(form, { ...form.fields, login: SARA.username, passwd: 'wrong' });
    expect(wrong.status).toBe(200);
    expect(wrong.html).toContain('Your account or password is incorrect.');
    expect(wrong.html).toContain('role="alert"');
    expect(wrong.html).toContain(`value="${SARA.username}"`);
    const retry = parseForm(wrong.html, url)!;
    const right = await submitForm(retry, { ...retry.fields, login: SARA.username, passwd: SARA.password });
    const post = parseForm(right.html, url)!;
    expect(post.action).toBe('http://localhost:53123/');
    expect(Object.keys(post.fields).sort()).toEqual(['client_info', 'code', 'session_state', 'state']);
    expect(post.fields.state).toBe('state-123');

    const fresh = parseForm(await (await fetch(url)).text(), url)!;
    const stranger = await submitForm(fresh, { ...fresh.fields, login: LEE.username, passwd: LEE.password });
    expect(stranger.html).toContain('does not exist in tenant');
  });

  it('delivers the response as form_post (CSP allows only that target), query or fragment as asked', async () => {
    const { info } = sandbox;
    const url = authorizeUrl(info, { code_challenge: pkce().challenge });
    const form = parseForm(await (await fetch(url)).text(), url)!;
    const body = new URLSearchParams({ ...form.fields, login: SARA.username, passwd: SARA.password }).toString();
    const response = await fetch(form.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain('form-action http://localhost:53123');
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    expect(await response.text()).toMatch(/<form method="POST" name="hiddenform" action="http:\/\/localhost:53123"/);

    for (const mode of ['query', 'fragment'] as const) {
      const modeUrl = authorizeUrl(info, { code_challenge: pkce().challenge, response_mode: mode });
      const modeForm = parseForm(await (await fetch(modeUrl)).text(), modeUrl)!;
      const redirect = await fetch(modeForm.action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...modeForm.fields, login: SARA.username, passwd: SARA.password }).toString(),
        redirect: 'manual',
      });
      expect(redirect.status).toBe(302);
      const location = new URL(redirect.headers.get('location')!);
      const params = new URLSearchParams(mode === 'query' ? location.search : location.hash.slice(1));
      expect(params.get('code')).toMatch(/^1\.[A-Za-z0-9_-]{20,}$/);
      expect(params.get('state')).toBe('state-123');
    }
  });

  it('shows client and redirect URI problems to the user instead of redirecting', async () => {
    const { info } = sandbox;
    const challenge = pkce().challenge;
    const cases: [Record<string, string>, number, string?][] = [
      [{ client_id: '11111111-2222-3333-4444-555555555555' }, 700016],
      [{ client_id: '' }, 900144],
      [{ redirect_uri: 'https://evil.example/callback' }, 50011],
      [{ redirect_uri: 'http://localhost:53123/other-path' }, 50011],
      [{ redirect_uri: '' }, 900971],
    ];
    for (const [params, code] of cases) {
      const response = await fetch(authorizeUrl(info, { code_challenge: challenge, ...params }), { redirect: 'manual' });
      const html = await response.text();
      expect({ status: response.status, code: /AADSTS(\d+)/.exec(html)?.[1] }).toEqual({ status: 400, code: String(code) });
      expect(response.headers.get('location')).toBeNull();
      expect(html).not.toContain('<form');
    }
    const unknownTenant = await fetch(authorizeUrl(info, { code_challenge: challenge }, 'no-such-tenant.example'));
    expect(await unknownTenant.text()).toContain('AADSTS90002');
  });

  it('returns request errors to the redirect URI with error, description and state', async () => {
    const { info } = sandbox;
    const challenge = pkce().challenge;
    const cases: [Record<string, string>, string, number][] = [
      [{ code_challenge: '' }, 'invalid_request', 900144],
      [{ code_challenge: 'short' }, 'invalid_request', 501491],
      [{ code_challenge_method: 'S512' }, 'invalid_request', 90100],
      [{ response_type: 'token' }, 'unsupported_response_type', 700051],
      [{ response_type: '' }, 'invalid_request', 900144],
      [{ scope: '' }, 'invalid_request', 900144],
      [{ scope: 'https://vault.azure.net/secrets.readall' }, 'invalid_scope', 70011],
      [{ scope: 'https://unknown.example/.default' }, 'invalid_resource', 500011],
      [{ scope: 'Mail.Read openid' }, 'consent_required', 65001],
      [{ prompt: 'none' }, 'login_required', 50058],
      [{ prompt: 'sometimes' }, 'invalid_request', 90100],
      [{ claims: '{not json' }, 'invalid_request', 90100],
    ];
    for (const [params, error, code] of cases) {
      const response = await fetch(authorizeUrl(info, { code_challenge: challenge, ...params }));
      const post = parseForm(await response.text(), response.url)!;
      expect({ action: post.action, error: post.fields.error, state: post.fields.state }).toEqual({ action: 'http://localhost:53123/', error, state: 'state-123' });
      expect(post.fields.error_description).toMatch(new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: `));
    }
  });

  it('treats an unknown or expired flow id as an expired sign-in (AADSTS50089)', async () => {
    const { info } = sandbox;
    const response = await fetch(`${origin(info)}/${CONTOSO_TID}/oauth2/v2.0/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'flow=forged&login=a&passwd=b',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('AADSTS50089');
  });

  it('accepts the authorize parameters in a POST body, as Entra does', async () => {
    const { info } = sandbox;
    const url = new URL(authorizeUrl(info, { code_challenge: pkce().challenge }));
    const response = await fetch(`${url.origin}${url.pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: url.searchParams.toString(),
    });
    expect(response.status).toBe(200);
    expect(parseForm(await response.text(), url.toString())!.passwordInputs).toEqual(['passwd']);
  });

  it('gives the guest the same sign-in through the browser-stand-in, and the code carries the home client_info', async () => {
    const { info } = sandbox;
    const { fields } = await browseToFormPost(authorizeUrl(info, { code_challenge: pkce().challenge }, FABRIKAM_TID), ALEX);
    expect(JSON.parse(Buffer.from(fields.client_info!, 'base64url').toString())).toEqual({ uid: ALEX.oid, utid: CONTOSO_TID });
  });

  it('logs out to a loopback post_logout_redirect_uri with state, else shows a signed-out page', async () => {
    const { info } = sandbox;
    const redirect = await fetch(`${info.authority}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent('http://localhost:5000/bye')}&state=s1`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('http://localhost:5000/bye?state=s1');
    const page = await fetch(`${info.authority}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`, { redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You signed out of your account');
  });
});
