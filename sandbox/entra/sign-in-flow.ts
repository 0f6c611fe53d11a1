import { randomBytes, randomUUID } from 'node:crypto';
import type { SandboxContext } from '../context.js';
import type { ClaimsRequest } from './claims-request.js';
import { lookupUsername, type TenantSegment } from './directory.js';
import { ExpiringMap } from './expiring-map.js';
import { newNonce } from './html.js';
import type { ResponseMode } from './redirect-uris.js';
import { SANDBOX_APP_NAME } from './scopes.js';
import { deviceConfirmPage, mfaPage, signInPage } from './sign-in-page.js';
import type { Authentication } from './token-issuer.js';

/**
 * The interactive part of a sign-in, shared by the authorize endpoint and the device-code
 * verification page: (confirm the device) → username and password → (simulated MFA). The state
 * lives server-side under an unguessable flow id (like Entra's flow token), so the pages carry no
 * OAuth parameters a user could tamper with, and the flow id doubles as the CSRF token.
 */

/** A validated /authorize request waiting for the user. */
export interface AuthorizeRequest {
  segment: TenantSegment;
  clientId: string;
  redirectUri: string;
  responseMode: ResponseMode;
  state?: string;
  nonce?: string;
  scope: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256' | 'plain';
  claims: ClaimsRequest;
  loginHint?: string;
}

/** One sign-in in progress. */
export interface SignInFlow {
  id: string;
  expiresAt: number;
  stage: 'confirm' | 'credentials' | 'mfa';
  segment: TenantSegment;
  claims: ClaimsRequest;
  loginHint?: string;
  /** Set for the authorize endpoint. */
  authorize?: AuthorizeRequest;
  /** Set for a device-code sign-in: the device code's key. */
  deviceKey?: string;
  /** Set once the password was accepted. */
  auth?: Authentication;
}

/** What a step of the flow leads to. */
export type FlowOutcome =
  | { kind: 'page'; html: string; nonce: string }
  | { kind: 'done'; auth: Authentication }
  | { kind: 'mfa-denied' }
  | { kind: 'declined' };

/** Interactive sign-in flows last as long as Entra's flow token allows (about 15 minutes here). */
const FLOW_LIFETIME_MS = 15 * 60 * 1000;

/** The in-memory set of flows. */
export class SignInFlows {
  private readonly flows: ExpiringMap<SignInFlow>;

  constructor(private readonly context: SandboxContext) {
    this.flows = new ExpiringMap(() => context.clock.now());
  }

  /** Starts a flow; `expiresAt` defaults to 15 minutes from now. */
  create(init: Omit<SignInFlow, 'id' | 'expiresAt'> & { expiresAt?: number }): SignInFlow {
    const flow: SignInFlow = { ...init, id: randomBytes(32).toString('base64url'), expiresAt: init.expiresAt ?? this.context.clock.now() + FLOW_LIFETIME_MS };
    this.flows.set(flow.id, flow);
    return flow;
  }

  get(id: string | null): SignInFlow | undefined {
    if (!id || id.length > 100) return undefined;
    const flow = this.flows.get(id);
    return flow && flow.expiresAt > this.context.clock.now() ? flow : undefined;
  }

  delete(id: string): void {
    this.flows.delete(id);
  }
}

/** Renders the page for the flow's current stage. */
export function renderFlowPage(context: SandboxContext, flow: SignInFlow, action: string, error?: string): FlowOutcome {
  const nonce = newNonce();
  if (flow.stage === 'confirm') return { kind: 'page', nonce, html: deviceConfirmPage({ nonce, action, flow: flow.id, appName: SANDBOX_APP_NAME }) };
  if (flow.stage === 'mfa') {
    return {
      kind: 'page',
      nonce,
      html: mfaPage({ nonce, action, flow: flow.id, username: flow.auth?.principal.homeUser.username ?? '', contexts: flow.claims.acrs }),
    };
  }
  const tenantName = flow.segment.kind === 'tenant' ? flow.segment.tenant.displayName : 'your organization';
  return {
    kind: 'page',
    nonce,
    html: signInPage({ nonce, action, flow: flow.id, appName: SANDBOX_APP_NAME, tenantName, ...(flow.loginHint ? { loginHint: flow.loginHint } : {}), ...(error ? { error } : {}) }),
  };
}

/** Applies one submitted page (form fields) to the flow. */
export function advanceFlow(context: SandboxContext, flow: SignInFlow, form: URLSearchParams, action: string): FlowOutcome {
  switch (flow.stage) {
    case 'confirm': {
      const choice = form.get('confirm');
      if (choice === 'cancel') return { kind: 'declined' };
      if (choice === 'continue') flow.stage = 'credentials';
      return renderFlowPage(context, flow, action);
    }
    case 'credentials':
      return checkCredentials(context, flow, form, action);
    case 'mfa': {
      const choice = form.get('mfa');
      if (choice === 'deny') return { kind: 'mfa-denied' };
      if (choice !== 'approve' || !flow.auth) return renderFlowPage(context, flow, action);
      const auth: Authentication = { ...flow.auth, amr: ['pwd', 'mfa'], acrs: flow.claims.acrs };
      return { kind: 'done', auth };
    }
  }
}

function checkCredentials(context: SandboxContext, flow: SignInFlow, form: URLSearchParams, action: string): FlowOutcome {
  const username = (form.get('login') ?? '').slice(0, 256);
  const password = (form.get('passwd') ?? '').slice(0, 256);
  flow.loginHint = username;
  if (!username) return renderFlowPage(context, flow, action, 'Enter a valid email address, phone number, or Skype name.');
  const found = lookupUsername(context.store, flow.segment, username);
  if (!found.ok) {
    const tenantName = flow.segment.kind === 'tenant' ? flow.segment.tenant.displayName : '';
    return renderFlowPage(
      context,
      flow,
      action,
      found.reason === 'not-in-tenant'
        ? `Selected user account does not exist in tenant '${tenantName}' and cannot access the application '${SANDBOX_APP_NAME}' in that tenant. The account needs to be added as an external user in the tenant first. Please use a different account.`
        : 'This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin.',
    );
  }
  if (!password || !context.store.checkPassword(found.principal.user, password)) {
    return renderFlowPage(context, flow, action, "Your account or password is incorrect. If you don't remember your password, reset it now.");
  }
  const auth: Authentication = { principal: found.principal, amr: ['pwd'], acrs: [], authTime: context.clock.seconds(), sessionId: randomUUID() };
  if (flow.claims.mfa) {
    flow.auth = auth;
    flow.stage = 'mfa';
    return renderFlowPage(context, flow, action);
  }
  return { kind: 'done', auth };
}
