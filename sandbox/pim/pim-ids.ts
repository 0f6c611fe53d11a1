import { createHash } from 'node:crypto';

/**
 * A stable GUID derived from `seed`: used for objects Graph exposes with their own ids but that the
 * sandbox state does not store separately (default policies, schedule instances, standing members).
 */
export function stableGuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Graph's schedule id format for PIM for Groups: `{groupId}_{accessId}_{guid}`. */
export function scheduleId(groupId: string, accessId: string, guid: string): string {
  return `${groupId}_${accessId}_${guid}`;
}

/**
 * Eligibility schedule instances carry opaque ids such as `8MYkhImhnkm70CbBdTyW1BbHHAdHgZdDpbqyEFlRzAs-1-e`
 * in Graph's examples; the sandbox derives one of the same shape from the schedule id.
 */
export function eligibilityInstanceId(eligibilityScheduleId: string): string {
  return `${createHash('sha256').update(eligibilityScheduleId).digest('base64url').slice(0, 43)}-1-e`;
}
