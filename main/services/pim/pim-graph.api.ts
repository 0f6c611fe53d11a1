import { Client, type GraphRequest } from '@microsoft/microsoft-graph-client';
import { type EndpointPolicy } from '../../security/trusted-endpoints.js';
import { assertTrustedEndpoint } from '../trusted-endpoint-guard.js';
import { AppError } from '../errors.js';
import type { TokenProvider } from '../ports/token-provider.js';
import type { GraphRequestStatus } from './pim.types.js';
import { mapGraphError } from './graph-error-mapper.js';

const PIM = '/identityGovernance/privilegedAccess/group';
const MAX_PAGES = 50;

/** Raw Graph shapes JIT Vault reads (only the fields it uses). */
export interface GraphEligibilityInstance {
  id: string;
  groupId: string;
  principalId: string;
  accessId: string;
  startDateTime?: string | null;
  endDateTime?: string | null;
  group?: { id: string; displayName?: string | null; description?: string | null } | null;
}
export interface GraphAssignmentInstance {
  id: string;
  groupId: string;
  principalId: string;
  accessId: string;
  assignmentType?: string;
  startDateTime?: string | null;
  endDateTime?: string | null;
}
export interface GraphScheduleRequest {
  id: string;
  status: GraphRequestStatus;
  action: string;
  groupId: string;
  principalId: string;
  accessId: string;
  createdDateTime?: string;
  approvalId?: string | null;
  justification?: string | null;
  scheduleInfo?: { startDateTime?: string | null; expiration?: { duration?: string | null; endDateTime?: string | null } | null } | null;
}
export interface NewScheduleRequest {
  action: 'selfActivate' | 'selfDeactivate' | 'selfExtend';
  groupId: string;
  principalId: string;
  justification?: string;
  durationIso?: string;
  ticket?: { ticketNumber: string; ticketSystem?: string };
}

/** Where Graph lives for one tenant. */
export interface GraphEndpoint {
  accountId: string;
  /** https://graph.microsoft.com (or another Microsoft cloud's Graph), or a loopback sandbox origin. */
  baseUrl: string;
  /** Which Graph hosts may receive a token; default: Microsoft's clouds only (no loopback). */
  endpoints?: EndpointPolicy;
}

/**
 * Thin typed access to the PIM for Groups APIs through the official Graph client, whose RetryHandler
 * already honours Retry-After on 429/503/504. Every failure becomes a typed AppError.
 */
export class PimGraphApi {
  private readonly client: Client;
  /**
   * The last token failure. The Graph client turns an authProvider error into a GraphError keeping
   * only its name and message, which would hide "sign in again" (a typed AppError) from the UI.
   */
  private authFailure: unknown;
  private readonly origin: string;

  /** Throws `UntrustedEndpointError` (before any token is asked for) when `baseUrl` is not a trusted Graph host. */
  constructor(endpoint: GraphEndpoint, tokens: TokenProvider) {
    const loopback = assertTrustedEndpoint('graph', endpoint.baseUrl, endpoint.endpoints ?? { allowLoopback: false }) === 'loopback';
    const base = new URL(endpoint.baseUrl);
    this.origin = base.origin;
    this.client = Client.init({
      baseUrl: base.origin,
      defaultVersion: 'v1.0',
      // The Graph client attaches the token only to the Graph hosts it knows (every national cloud's);
      // the sandbox's loopback host must be named.
      ...(loopback ? { customHosts: new Set([base.hostname]) } : {}),
      authProvider: (done) => {
        tokens.getAccessToken(endpoint.accountId, 'graph').then(
          (t) => done(null, t.token),
          (error: unknown) => {
            this.authFailure = error;
            done(error, null);
          },
        );
      },
    });
  }

  /** The signed-in user's object id (principalId in requests). */
  async me(): Promise<{ id: string; displayName?: string; userPrincipalName?: string }> {
    return this.call('read your profile', () => this.client.api('/me').select('id,displayName,userPrincipalName').get());
  }

  /** My eligibilities for group membership, with the group. */
  async myEligibilities(): Promise<GraphEligibilityInstance[]> {
    return this.pages('list your eligible groups', this.client.api(`${PIM}/eligibilityScheduleInstances/filterByCurrentUser(on='principal')`).expand('group'));
  }

  /** My assignment instances in force (activated and standing). */
  async myActiveInstances(): Promise<GraphAssignmentInstance[]> {
    return this.pages('list your active groups', this.client.api(`${PIM}/assignmentScheduleInstances/filterByCurrentUser(on='principal')`));
  }

  /** My schedule requests (for pending ones). */
  async myRequests(): Promise<GraphScheduleRequest[]> {
    return this.pages('list your requests', this.client.api(`${PIM}/assignmentScheduleRequests/filterByCurrentUser(on='principal')`));
  }

  /** One request by id. */
  async request(id: string): Promise<GraphScheduleRequest> {
    return this.call('check the request', () => this.client.api(`${PIM}/assignmentScheduleRequests/${encodeURIComponent(id)}`).get());
  }

  /**
   * Submits a self-service request (activate, deactivate, extend). The schedule has no
   * startDateTime: Azure then starts it at once by its own clock, so a local clock running ahead
   * cannot leave the activation waiting in "Granted" for a future start.
   */
  async submit(request: NewScheduleRequest): Promise<GraphScheduleRequest> {
    const body = {
      accessId: 'member',
      principalId: request.principalId,
      groupId: request.groupId,
      action: request.action,
      ...(request.justification !== undefined ? { justification: request.justification } : {}),
      ...(request.durationIso
        ? { scheduleInfo: { expiration: { type: 'afterDuration', duration: request.durationIso } } }
        : {}),
      ...(request.ticket ? { ticketInfo: { ticketNumber: request.ticket.ticketNumber, ticketSystem: request.ticket.ticketSystem ?? 'JIT Vault' } } : {}),
    };
    const what = request.action === 'selfDeactivate' ? 'deactivate the group' : 'submit the activation request';
    return this.call(what, () => this.client.api(`${PIM}/assignmentScheduleRequests`).post(body));
  }

  /** Cancels a pending request. */
  async cancel(id: string): Promise<void> {
    await this.call('cancel the request', () => this.client.api(`${PIM}/assignmentScheduleRequests/${encodeURIComponent(id)}/cancel`).post({}));
  }

  /** The end-user rules of a group's membership policy. */
  async policyRules(groupId: string): Promise<unknown[]> {
    const filter = `scopeId eq '${groupId}' and scopeType eq 'Group' and roleDefinitionId eq 'member'`;
    const response = (await this.call('read the group policy', () =>
      this.client.api('/policies/roleManagementPolicyAssignments').filter(filter).expand('policy($expand=rules)').get(),
    )) as { value?: { policy?: { rules?: unknown[] } }[] };
    return response.value?.[0]?.policy?.rules ?? [];
  }

  private async call<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const authFailure = this.authFailure;
      this.authFailure = undefined;
      if (authFailure instanceof Error && error instanceof Error && error.message === authFailure.message) throw mapGraphError(authFailure, action);
      throw mapGraphError(error, action);
    }
  }

  /** Follows @odata.nextLink to the end (bounded, so a hostile server cannot loop us forever). */
  private async pages<T>(action: string, first: GraphRequest): Promise<T[]> {
    const items: T[] = [];
    let page = (await this.call(action, () => first.get())) as { value?: T[]; '@odata.nextLink'?: string };
    for (let i = 0; ; i++) {
      items.push(...(page.value ?? []));
      const next = page['@odata.nextLink'];
      if (!next || i >= MAX_PAGES) return items;
      // A next page elsewhere would take the bearer token with it: only our Graph origin is followed.
      if (!sameOrigin(next, this.origin)) throw new AppError('unknown', `Microsoft Graph answered "${action}" with a next page on another host; JIT Vault did not follow it.`);
      page = await this.call(action, () => this.client.api(next).get());
    }
  }
}

function sameOrigin(link: string, origin: string): boolean {
  try {
    return new URL(link).origin === origin;
  } catch {
    return false;
  }
}

/** The PIM Graph operations as the engine uses them (PimGraphApi, or an in-memory fake in tests). */
export type PimGraph = Pick<PimGraphApi, 'me' | 'myEligibilities' | 'myActiveInstances' | 'myRequests' | 'request' | 'submit' | 'cancel' | 'policyRules'>;
