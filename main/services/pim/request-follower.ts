import { AppError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import { approvalPollDelay, provisioningPollDelay, retryAfterMs } from './backoff.js';
import type { GraphScheduleRequest, PimGraph } from './pim-graph.api.js';
import type { ActivationPhase, GraphRequestStatus } from './pim.types.js';

/** Graph status → the phase the UI shows. */
export function phaseOf(status: GraphRequestStatus): ActivationPhase {
  switch (status) {
    case 'PendingApproval':
    case 'PendingAdminDecision':
      return 'PendingApproval';
    case 'Granted':
      return 'Granted';
    case 'PendingProvisioning':
    case 'PendingScheduleCreation':
    case 'ScheduleCreated':
      return 'PendingProvisioning';
    case 'Provisioned':
      return 'Provisioned';
    case 'Denied':
      return 'Denied';
    case 'Canceled':
      return 'Canceled';
    case 'Revoked':
      return 'Revoked';
    case 'Failed':
    default:
      return 'Failed';
  }
}

/** How a followed request ended. */
export type FollowOutcome = { kind: 'provisioned'; request: GraphScheduleRequest } | { kind: 'ended'; phase: ActivationPhase; request: GraphScheduleRequest };

/**
 * Polls one schedule request until it is Provisioned or ends (Denied/Canceled/Failed/Revoked),
 * reporting each phase change. Polling backs off (slowly while a person approves, quickly while Azure
 * provisions) and honours Retry-After. Transient failures (network, throttling, 5xx) never end the
 * follow: they are reported and retried. Sign-in problems end it with the error (the request id stays
 * persisted, so following resumes after sign-in).
 */
export async function followRequest(options: {
  api: PimGraph;
  clock: Clock;
  requestId: string;
  signal: AbortSignal;
  /** Seed with the status the POST returned, if any, to save a round trip. */
  initial?: GraphScheduleRequest;
  onPhase: (phase: ActivationPhase, request: GraphScheduleRequest) => void;
  onTransientError: (error: AppError, retryInMs: number) => void;
}): Promise<FollowOutcome> {
  const { api, clock, requestId, signal } = options;
  let lastPhase: ActivationPhase | undefined;
  let attemptInPhase = 0;
  let failures = 0;
  let request = options.initial;
  for (;;) {
    if (signal.aborted) throw new AppError('cancelled', 'Following the request was stopped.', { cause: signal.reason });
    if (!request) {
      try {
        request = await api.request(requestId);
        failures = 0;
      } catch (error) {
        const appError = error instanceof AppError ? error : new AppError('unknown', 'Checking the request failed.', { cause: error });
        if (appError.code === 'interaction-required' || appError.code === 'not-signed-in' || appError.code === 'pim-not-eligible') throw appError;
        const delay = Math.max(retryAfterMs(appError, clock.now()) ?? 0, provisioningPollDelay(Math.min(failures++, 4)) * 2);
        options.onTransientError(appError, delay);
        await clock.sleep(delay, signal);
        continue;
      }
    }
    const phase = phaseOf(request.status);
    if (phase !== lastPhase) {
      lastPhase = phase;
      attemptInPhase = 0;
      options.onPhase(phase, request);
    }
    if (phase === 'Provisioned') return { kind: 'provisioned', request };
    if (phase === 'Denied' || phase === 'Canceled' || phase === 'Failed' || phase === 'Revoked') return { kind: 'ended', phase, request };
    const delay = phase === 'PendingApproval' ? approvalPollDelay(attemptInPhase) : provisioningPollDelay(attemptInPhase);
    attemptInPhase++;
    request = undefined;
    await clock.sleep(delay, signal);
  }
}
