import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import {
  InteractionRequiredAuthError,
  LogLevel,
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type DeviceCodeRequest,
} from '@azure/msal-node';
import type { ReadyInfo } from '../../sandbox/ready-info.js';

/**
 * Test helpers that drive the REAL @azure/msal-node against the sandbox's Entra endpoints.
 * Only the authority and knownAuthorities differ from a production configuration; the sandbox CA
 * is trusted through NODE_EXTRA_CA_CERTS (set by test/helpers/global-setup.ts).
 */

/** Options for `createTestMsalApp`. */
export interface TestMsalAppOptions {
  /** e.g. ['CP1'] to declare CAE capability (tokens then carry xms_cc). */
  clientCapabilities?: string[];
  /** Print MSAL's own log (PII off) to stderr while debugging a test. */
  verbose?: boolean;
}

/** A PublicClientApplication for the sandbox tenant `tenantId` (default: the first tenant). */
export function createTestMsalApp(info: ReadyInfo, tenantId: string = info.tenantId, options: TestMsalAppOptions = {}): PublicClientApplication {
  const origin = new URL(info.authority).origin;
  return new PublicClientApplication({
    auth: {
      clientId: info.clientId,
      authority: `${origin}/${tenantId}`,
      // host:port — this is what makes MSAL skip the online instance discovery.
      knownAuthorities: [new URL(origin).host],
      ...(options.clientCapabilities ? { clientCapabilities: options.clientCapabilities } : {}),
    },
    system: {
      loggerOptions: {
        logLevel: options.verbose ? LogLevel.Verbose : LogLevel.Error,
        piiLoggingEnabled: false,
        loggerCallback: (_level, message) => {
          if (options.verbose) process.stderr.write(`msal: ${message}\n`);
        },
      },
    },
  });
}

/** ROPC sign-in (acquireTokenByUsernamePassword); throws MSAL's error on failure. */
export async function signInWithPassword(app: PublicClientApplication, username: string, password: string, scopes: string[]): Promise<AuthenticationResult> {
  const result = await app.acquireTokenByUsernamePassword({ username, password, scopes });
  if (!result) throw new Error('acquireTokenByUsernamePassword returned null');
  return result;
}

/** What a user does on the sandbox's HTML pages. */
export interface BrowserUser {
  username: string;
  password: string;
  /** On the simulated Authenticator page: approve (default) or deny. */
  mfa?: 'approve' | 'deny';
}

/**
 * Interactive sign-in through `acquireTokenInteractive`: `openBrowser` plays the browser over HTTP
 * (GET the authorize URL, POST the sign-in form, answer the MFA page if shown, then POST the
 * auto-submitting form_post to MSAL's loopback redirect URI).
 */
export async function signInInteractive(
  app: PublicClientApplication,
  user: BrowserUser,
  request: { scopes: string[]; claims?: string; loginHint?: string; prompt?: string },
): Promise<AuthenticationResult> {
  return app.acquireTokenInteractive({
    ...request,
    openBrowser: async (url) => {
      await browseSignIn(url, user);
    },
  });
}

/** One HTML form as a browser would submit it. */
export interface ParsedForm {
  action: string;
  method: string;
  /** Hidden and visible inputs with their current values. */
  fields: Record<string, string>;
  /** Names of the password inputs, and of text/email inputs (first is the username box). */
  passwordInputs: string[];
  textInputs: string[];
  /** Submit buttons that carry a name/value. */
  buttons: { name: string; value: string; label: string }[];
}

/** Parses the first <form> of a page (the sandbox's pages are simple, server-rendered HTML). */
export function parseForm(html: string, pageUrl: string): ParsedForm | undefined {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const attrs = parseAttributes(form[1]!);
  const result: ParsedForm = {
    action: new URL(attrs.action ?? pageUrl, pageUrl).toString(),
    method: (attrs.method ?? 'get').toLowerCase(),
    fields: {},
    passwordInputs: [],
    textInputs: [],
    buttons: [],
  };
  for (const input of form[2]!.matchAll(/<input\b([^>]*)>/gi)) {
    const a = parseAttributes(input[1]!);
    if (!a.name) continue;
    const type = (a.type ?? 'text').toLowerCase();
    if (type === 'submit') {
      result.buttons.push({ name: a.name, value: a.value ?? '', label: a.value ?? '' });
      continue;
    }
    result.fields[a.name] = a.value ?? '';
    if (type === 'password') result.passwordInputs.push(a.name);
    else if (type === 'text' || type === 'email') result.textInputs.push(a.name);
  }
  for (const button of form[2]!.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
    const a = parseAttributes(button[1]!);
    if (a.name) result.buttons.push({ name: a.name, value: a.value ?? '', label: decodeEntities(button[2]!.replace(/<[^>]*>/g, '').trim()) });
  }
  return result;
}

/** Submits a form (POST form-urlencoded, or GET with a query) and returns the page it leads to. */
export async function submitForm(form: ParsedForm, fields: Record<string, string>): Promise<{ status: number; url: string; html: string }> {
  const body = new URLSearchParams(fields);
  const response =
    form.method === 'post'
      ? await fetch(form.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString(), redirect: 'manual' })
      : await fetch(`${form.action.split('?')[0]}?${body.toString()}`, { redirect: 'manual' });
  return { status: response.status, url: form.action, html: await response.text() };
}

/**
 * Plays a browser on the sandbox's authorize URL up to (and including) the final form_post to the
 * client's redirect URI. Returns the fields that were posted to the redirect URI (code/state or
 * error/error_description), so tests can inspect error responses too.
 */
export async function browseSignIn(authorizeUrl: string, user: BrowserUser): Promise<Record<string, string>> {
  const authorityOrigin = new URL(authorizeUrl).origin;
  const first = await fetch(authorizeUrl, { redirect: 'manual' });
  let page = { status: first.status, url: authorizeUrl, html: await first.text() };
  for (let step = 0; step < 6; step++) {
    const form = parseForm(page.html, page.url);
    if (!form) throw new Error(`The sandbox page (HTTP ${page.status}) has no form to submit.`);
    if (new URL(form.action).origin !== authorityOrigin) {
      // The auto-submitting form_post back to the client: deliver it like the browser's script would.
      await fetch(form.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form.fields).toString() });
      return form.fields;
    }
    page = await submitForm(form, fillForm(form, user));
  }
  throw new Error('Sign-in did not finish within 6 pages.');
}

/**
 * Completes a device-code sign-in on the verification page: enter the code, sign in, (MFA), done.
 * Returns the final page's HTML (the "you have signed in" or error page).
 */
export async function completeDeviceCode(verificationUri: string, userCode: string, user: BrowserUser): Promise<string> {
  const first = await fetch(verificationUri, { redirect: 'manual' });
  let page = { status: first.status, url: verificationUri, html: await first.text() };
  for (let step = 0; step < 6; step++) {
    const form = parseForm(page.html, page.url);
    if (!form) return page.html;
    const fields = fillForm(form, user);
    if (form.passwordInputs.length === 0 && form.textInputs.length > 0) {
      // The code entry page: its only visible box takes the code.
      fields[form.textInputs[0]!] = userCode;
    }
    page = await submitForm(form, fields);
  }
  return page.html;
}

/** Device-code sign-in through `acquireTokenByDeviceCode`, completing the verification page itself. */
export async function signInWithDeviceCode(app: PublicClientApplication, user: BrowserUser, scopes: string[]): Promise<AuthenticationResult> {
  let pageError: unknown;
  const request: DeviceCodeRequest = {
    scopes,
    deviceCodeCallback: (response) => {
      completeDeviceCode(response.verificationUri, response.userCode, user).catch((error: unknown) => {
        // Stop MSAL's polling at once rather than letting it run to the code's 15-minute expiry.
        pageError = error;
        request.cancel = true;
      });
    },
  };
  const result = await app.acquireTokenByDeviceCode(request).catch((error: unknown) => {
    throw pageError ?? error;
  });
  if (!result) throw new Error('acquireTokenByDeviceCode returned null');
  return result;
}

/** Options for `msalTokenCredential`. */
export interface MsalTokenCredentialOptions {
  /** Called when the silent call needs interaction (e.g. an MFA claims challenge). */
  fallback?: (request: { scopes: string[]; claims?: string; tenantId?: string }) => Promise<AuthenticationResult>;
  /** Always skip MSAL's access-token cache (e.g. right after a PIM activation). */
  forceRefresh?: boolean;
}

/**
 * A @azure/core-auth TokenCredential backed by an MSAL account, for SecretClient / Graph client tests.
 * Honours `tenantId` (the Key Vault challenge's tenant) and `claims` (CAE / step-up challenges).
 */
export function msalTokenCredential(app: PublicClientApplication, account: AccountInfo, options: MsalTokenCredentialOptions = {}): TokenCredential {
  return {
    async getToken(scopes: string | string[], getTokenOptions: GetTokenOptions = {}): Promise<AccessToken | null> {
      const list = Array.isArray(scopes) ? scopes : [scopes];
      const { tenantId, claims } = getTokenOptions;
      const authority = tenantId ? `https://${account.environment}/${tenantId}` : undefined;
      // MSAL looks up cached tokens by the account's tenantId before the authority's, so a request for
      // another tenant (a guest's resource tenant, named by the Key Vault challenge) uses that tenant's profile.
      const tenantAccount = tenantId && tenantId.toLowerCase() !== account.tenantId.toLowerCase() ? { ...account, tenantId } : account;
      let result: AuthenticationResult;
      try {
        result = await app.acquireTokenSilent({
          account: tenantAccount,
          scopes: list,
          ...(authority ? { authority } : {}),
          ...(claims ? { claims } : {}),
          ...(options.forceRefresh ? { forceRefresh: true } : {}),
        });
      } catch (error) {
        if (!(error instanceof InteractionRequiredAuthError) || !options.fallback) throw error;
        result = await options.fallback({ scopes: list, ...(claims ? { claims } : {}), ...(tenantId ? { tenantId } : {}) });
      }
      return { token: result.accessToken, expiresOnTimestamp: result.expiresOn?.getTime() ?? Date.now() + 3_000_000, tokenType: 'Bearer' };
    },
  };
}

/** Decodes a JWT's payload without verifying it (tests verify with jose against the JWKS separately). */
export function decodeJwtPayload<T = Record<string, unknown>>(jwt: string): T {
  const part = jwt.split('.')[1];
  if (!part) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as T;
}

function fillForm(form: ParsedForm, user: BrowserUser): Record<string, string> {
  const fields = { ...form.fields };
  if (form.passwordInputs.length > 0) {
    fields[form.passwordInputs[0]!] = user.password;
    const usernameBox = form.textInputs[0];
    if (usernameBox) fields[usernameBox] = user.username;
  }
  const wanted = user.mfa ?? 'approve';
  const button = form.buttons.find((b) => b.value === wanted) ?? form.buttons[0];
  if (button) fields[button.name] = button.value;
  return fields;
}

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of source.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    attrs[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_all, entity: string) => {
    const e = entity.toLowerCase();
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!;
  });
}
