import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import type { PublicClientApplication } from '@azure/msal-node';
import { expect } from 'vitest';
import type { ReadyInfo } from '../../sandbox/ready-info.js';
import { createTestMsalApp, signInInteractive, signInWithPassword } from '../helpers/msal.js';

/**
 * Shared pieces of the Graph/PIM conformance tests: the official Graph JS client configured exactly
 * as an app would (only `baseUrl` and `customHosts` differ from production), and tokens obtained
 * through the real msal-node against the sandbox's Entra endpoints.
 */

/** The Graph permissions the app asks for (Entra gives its consented set). */
export const GRAPH_SCOPES = ['https://graph.microsoft.com/.default'];

/** Demo tenant (Contoso) ids used across the tests. */
export const CONTOSO = {
  tenantId: '182280d5-3a76-4ca2-b5fc-ac8edce86818',
  sara: { username: 'sara.admin@contoso-it.example', password: 'Sandbox-Admin-1!', oid: 'be12fc24-3217-4d9a-80af-3a0736b6ba7d' },
  alex: { username: 'alex.helpdesk@contoso-it.example', password: 'Sandbox-Helpdesk-1!', oid: '3c298ff4-c108-4b75-b27d-e97e40bb6e62' },
  jamie: { username: 'jamie.helpdesk@contoso-it.example', password: 'Sandbox-Helpdesk-2!', oid: '7403c2d3-522e-4130-9ec4-e279890758a6' },
  pat: { username: 'pat.auditor@contoso-it.example', password: 'Sandbox-Auditor-1!', oid: '0a74da8a-58d9-402e-bee1-a7e058b04b91' },
  /** Approves PIM-Helpdesk-Servers through the approver group; no directory role. */
  morgan: { username: 'morgan.lead@contoso-it.example', password: 'Sandbox-Approver-1!', oid: '5d0f6a3e-8c41-4f7a-9b2e-1a6c3e9d7b42' },
  /** A second helpdesk engineer eligible for PIM-Helpdesk-Servers, with Global Reader. */
  riley: { username: 'riley.helpdesk@contoso-it.example', password: 'Sandbox-Helpdesk-3!', oid: '9e3b7c15-2d84-4a6f-8e1b-6f0a2c4d8e73' },
  /** Approval required (approvers: sara and the PIM-Approvers-Servers group), PT8H. */
  servers: '480ca4e5-1d02-4348-9047-4c462899391c',
  /** Ticket required, PT4H. */
  network: '37b957ba-ce5c-4227-ac28-66f41c3e8352',
  /** PT1H, justification only. */
  workstations: '50ed3b25-c81d-4e62-b2eb-8511a2784e34',
  /** Standing member: morgan. Approves servers activations. */
  serverApprovers: 'c4a81f2e-6b37-4d95-a0e8-3f27b9d15c60',
  /** Standing members only (sara); nobody is eligible. */
  securityTeam: '28ec438d-516c-4dba-9b53-eb4978cef8a2',
  /** Standing members alex and jamie: Key Vault Reader (metadata, no values) on the helpdesk vaults. */
  helpdeskReaders: '9d4e1a57-2b6c-4f0e-8a31-6c2f5b7e9d10',
} as const;

/** A demo user's credentials. */
export interface TestUser {
  username: string;
  password: string;
  oid: string;
}

/** A Graph client whose tokens come from `getToken` (called for every request, as the SDK does). */
export function graphClient(info: ReadyInfo, getToken: () => Promise<string>): Client {
  return Client.initWithMiddleware({
    baseUrl: info.graph,
    customHosts: new Set(['localhost']),
    authProvider: { getAccessToken: getToken },
  });
}

/** A signed-in user: an MSAL app with a cached account, and a Graph client using its tokens. */
export interface SignedInUser {
  app: PublicClientApplication;
  client: Client;
  /** A Graph access token from MSAL's cache (or a fresh one with `forceRefresh`). */
  token(forceRefresh?: boolean): Promise<string>;
}

/** Signs `user` in with ROPC (amr `pwd`) and returns a Graph client backed by MSAL's silent flow. */
export async function signIn(info: ReadyInfo, user: TestUser): Promise<SignedInUser> {
  const app = createTestMsalApp(info);
  const first = await signInWithPassword(app, user.username, user.password, GRAPH_SCOPES);
  const account = first.account!;
  const token = async (forceRefresh = false) => (await app.acquireTokenSilent({ account, scopes: GRAPH_SCOPES, forceRefresh })).accessToken;
  return { app, client: graphClient(info, () => token()), token };
}

/**
 * Signs `user` in interactively with a claims request (MFA or an authentication context), the way an
 * app answers a step-up challenge; returns a Graph client using that token.
 */
export async function signInWithClaims(info: ReadyInfo, user: TestUser, claims: string): Promise<{ client: Client; accessToken: string }> {
  const app = createTestMsalApp(info);
  const result = await signInInteractive(app, { username: user.username, password: user.password, mfa: 'approve' }, { scopes: GRAPH_SCOPES, claims, prompt: 'login' });
  return { client: graphClient(info, async () => result.accessToken), accessToken: result.accessToken };
}

/** The claims request for multi-factor authentication. */
export const MFA_CLAIMS = JSON.stringify({ access_token: { amr: { essential: true, values: ['mfa'] } } });

/** Runs `call` and returns the GraphError it must throw. */
export async function graphError(call: Promise<unknown>): Promise<GraphError> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(GraphError);
    return error as GraphError;
  }
  throw new Error('expected the Graph call to fail');
}

/** Asserts a GraphError's status, code and (optionally) message, and Graph's error body shape. */
export function expectGraphError(error: GraphError, status: number, code: string, message?: string | RegExp): void {
  expect({ status: error.statusCode, code: error.code }).toEqual({ status, code });
  if (typeof message === 'string') expect(error.message).toBe(message);
  else if (message) expect(error.message).toMatch(message);
  expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(Number.isNaN(error.date.getTime())).toBe(false);
}

/** A selfActivate body as the docs show it (Example 2), for `principalId` on `groupId`. */
export function activation(principalId: string, groupId: string, options: { duration?: string; justification?: string | null; ticketNumber?: string; startDateTime?: string } = {}) {
  return {
    accessId: 'member',
    principalId,
    groupId,
    action: 'selfActivate',
    scheduleInfo: {
      ...(options.startDateTime ? { startDateTime: options.startDateTime } : {}),
      expiration: { type: 'afterDuration', duration: options.duration ?? 'PT1H' },
    },
    ...(options.justification !== null ? { justification: options.justification ?? 'Password reset for ticket work' } : {}),
    ...(options.ticketNumber ? { ticketInfo: { ticketNumber: options.ticketNumber, ticketSystem: 'ServiceNow' } } : {}),
  };
}

/** The PIM for Groups API base path. */
export const PIM = '/identityGovernance/privilegedAccess/group';
