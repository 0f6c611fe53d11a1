/** A group's PIM activation policy, as JIT Vault needs it (parsed from Graph's policy rules). */
export interface PimPolicy {
  /** Maximum activation length in minutes. */
  maxDurationMinutes: number;
  requireJustification: boolean;
  requireTicket: boolean;
  requireMfa: boolean;
  requireApproval: boolean;
  /** Authentication context class reference (Conditional Access step-up), e.g. "c1". */
  authenticationContext?: string;
}

/** A group the signed-in user may activate, with the vaults it unlocks. */
export interface EligibleGroup {
  accountId: string;
  tenantId: string;
  groupId: string;
  displayName: string;
  description: string;
  policy: PimPolicy;
  /** Names of configured vaults this group grants. */
  vaults: string[];
  /** When the eligibility itself ends (null = permanent). */
  eligibleUntil: number | null;
}

/** An activation in force. */
export interface ActiveActivation {
  accountId: string;
  tenantId: string;
  groupId: string;
  /** Assignment schedule instance id. */
  instanceId: string;
  startsAt: number;
  /** null: standing membership, no end. */
  endsAt: number | null;
  assignmentType: 'Activated' | 'Assigned';
}

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

/**
 * The phases JIT Vault shows for one activation: Graph's lifecycle plus our own readiness phase
 * ("Propagating": Graph says Provisioned but Key Vault does not answer yet) and "Ready".
 */
export type ActivationPhase =
  | 'Submitted'
  | 'PendingApproval'
  | 'Granted'
  | 'PendingProvisioning'
  | 'Provisioned'
  | 'Propagating'
  | 'Ready'
  | 'Denied'
  | 'Failed'
  | 'Canceled'
  | 'Revoked'
  | 'Expired'
  | 'TimedOut';

/** One state change of an activation, for the UI's timeline and progress line. */
export interface ActivationEvent {
  requestId: string;
  accountId: string;
  groupId: string;
  phase: ActivationPhase;
  /** Epoch ms (Clock port). */
  at: number;
  /** Activation end time once known. */
  endsAt?: number;
  /** Plain-language detail (e.g. why it failed, how many probes so far). */
  detail?: string;
  /** AppError code when the phase is a failure. */
  errorCode?: string;
}

/** Terminal phases: following stops. */
export const TERMINAL_PHASES: ReadonlySet<ActivationPhase> = new Set(['Ready', 'Denied', 'Failed', 'Canceled', 'Revoked', 'Expired', 'TimedOut']);
