import { z } from 'zod';
import type { AccessId, AssignmentScheduleRequest, ScheduleRequestAction } from '../state/model.js';
import { parseIsoDuration } from './duration.js';
import { badRequest } from './pim-errors.js';

/** A POST body for assignmentScheduleRequests, after validation and normalisation. */
export interface ScheduleRequestBody {
  accessId: AccessId;
  principalId: string;
  groupId: string;
  action: ScheduleRequestAction;
  justification: string | null;
  customData: string | null;
  isValidationOnly: boolean;
  ticketInfo: { ticketNumber: string | null; ticketSystem: string | null };
  /** Requested start (ms), when given. */
  startMs?: number;
  expiration: AssignmentScheduleRequest['scheduleInfo']['expiration'];
  /** Requested length of the activation (ms), when the expiration gives one. */
  durationMs?: number;
}

const nullableString = z.string().nullish();

const bodySchema = z.object({
  accessId: z.string({ error: "The property 'accessId' is required." }),
  principalId: z.string({ error: "The property 'principalId' is required." }),
  groupId: z.string({ error: "The property 'groupId' is required." }),
  action: z.string({ error: "The property 'action' is required." }),
  justification: nullableString,
  customData: nullableString,
  isValidationOnly: z.boolean().nullish(),
  scheduleInfo: z
    .object({
      startDateTime: nullableString,
      expiration: z.object({ type: nullableString, duration: nullableString, endDateTime: nullableString }).nullish(),
    })
    .nullish(),
  ticketInfo: z.object({ ticketNumber: nullableString, ticketSystem: nullableString }).nullish(),
});

const ACTIONS: ScheduleRequestAction[] = ['adminAssign', 'adminUpdate', 'adminRemove', 'selfActivate', 'selfDeactivate', 'adminExtend', 'adminRenew', 'selfExtend', 'selfRenew', 'unknownFutureValue'];
const EXPIRATION_TYPES = ['notSpecified', 'noExpiration', 'afterDateTime', 'afterDuration'] as const;

/**
 * Validates a request body. Enum values are matched case-insensitively (Graph's own examples write
 * both `afterDuration` and `AfterDuration`); an unknown value gets .NET's enum-parse wording, which
 * is what Graph's OData layer answers with.
 */
export function parseScheduleRequestBody(json: unknown): ScheduleRequestBody {
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badRequest(issue.code === 'invalid_type' && issue.path.length === 1 && issue.message.startsWith('The property') ? issue.message : `Invalid value for property '${issue.path.join('.')}'.`);
  }
  const b = parsed.data;
  const accessId = enumValue(b.accessId, ['member', 'owner'] as const);
  const action = enumValue(b.action, ACTIONS);
  const expirationIn = b.scheduleInfo?.expiration ?? undefined;
  const type = expirationIn?.type ? enumValue(expirationIn.type, EXPIRATION_TYPES) : 'notSpecified';

  let startMs: number | undefined;
  if (b.scheduleInfo?.startDateTime) {
    startMs = Date.parse(b.scheduleInfo.startDateTime);
    if (Number.isNaN(startMs)) throw badRequest(`The value '${b.scheduleInfo.startDateTime}' is not a valid DateTimeOffset for property 'startDateTime'.`);
  }
  let durationMs: number | undefined;
  let endDateTime: string | null = null;
  let duration: string | null = null;
  if (type === 'afterDuration') {
    if (!expirationIn?.duration) throw badRequest("The property 'duration' is required when the expiration type is afterDuration.");
    durationMs = parseIsoDuration(expirationIn.duration);
    if (durationMs === undefined) throw badRequest(`The value '${expirationIn.duration}' is not a valid duration.`);
    duration = expirationIn.duration;
  } else if (type === 'afterDateTime') {
    if (!expirationIn?.endDateTime) throw badRequest("The property 'endDateTime' is required when the expiration type is afterDateTime.");
    const endMs = Date.parse(expirationIn.endDateTime);
    if (Number.isNaN(endMs)) throw badRequest(`The value '${expirationIn.endDateTime}' is not a valid DateTimeOffset for property 'endDateTime'.`);
    endDateTime = new Date(endMs).toISOString();
    // The length is measured from the (actual) start once it is known; keep the end for now.
    durationMs = endMs - (startMs ?? Number.NaN);
  }
  return {
    accessId,
    principalId: b.principalId,
    groupId: b.groupId,
    action,
    justification: b.justification ?? null,
    customData: b.customData ?? null,
    isValidationOnly: b.isValidationOnly ?? false,
    ticketInfo: { ticketNumber: b.ticketInfo?.ticketNumber ?? null, ticketSystem: b.ticketInfo?.ticketSystem ?? null },
    ...(startMs !== undefined ? { startMs } : {}),
    expiration: { type, duration, endDateTime },
    ...(durationMs !== undefined && !Number.isNaN(durationMs) ? { durationMs } : {}),
  };
}

function enumValue<T extends string>(value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!found) throw badRequest(`Requested value '${value}' was not found.`);
  return found;
}
