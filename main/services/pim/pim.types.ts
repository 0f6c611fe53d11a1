import type { ActivationEventDto, ActivationPhase, ActiveActivationDto, EligibleGroupDto, PimPolicyDto } from '../../../shared/domain/types.js';

/**
 * The PIM engine's domain shapes are the ones the UI receives (shared/domain/types.ts): one
 * definition, so the engine and the IPC contract cannot drift.
 */
export type { ActivationPhase };
/** A group's PIM activation policy, as JIT Vault needs it (parsed from Graph's policy rules). */
export type PimPolicy = PimPolicyDto;
/** A group the signed-in user may activate, with the vaults it unlocks. */
export type EligibleGroup = EligibleGroupDto;
/** An activation in force. */
export type ActiveActivation = ActiveActivationDto;
/** One state change of an activation, for the UI's timeline and progress line. */
export type ActivationEvent = ActivationEventDto;

/** What the user asks for. */
export interface ActivationRequest {
  accountId: string;
  groupId: string;
  justification: string;
  durationMinutes: number;
  ticketNumber?: string;
  ticketSystem?: string;
}

/** Graph's request status set. */
export type GraphRequestStatus =
  | 'Canceled'
  | 'Denied'
  | 'Failed'
  | 'Granted'
  | 'PendingAdminDecision'
  | 'PendingApproval'
  | 'PendingProvisioning'
  | 'PendingScheduleCreation'
  | 'Provisioned'
  | 'Revoked'
  | 'ScheduleCreated';

/** Terminal phases: following stops. */
export const TERMINAL_PHASES: ReadonlySet<ActivationPhase> = new Set(['Ready', 'Denied', 'Failed', 'Canceled', 'Revoked', 'Expired', 'TimedOut']);
