import type { AppStateDto } from '../../../shared/domain/types.js';

/**
 * What the admin policy allows in the UI. Main lists the names of enforced settings in
 * `policyEnforced`; 'reveal' and 'largeType' there mean the feature is turned off.
 */
export function capabilities(state: AppStateDto | null): { reveal: boolean; largeType: boolean } {
  const enforced = state?.policyEnforced ?? [];
  return { reveal: !enforced.includes('reveal'), largeType: !enforced.includes('largeType') };
}
