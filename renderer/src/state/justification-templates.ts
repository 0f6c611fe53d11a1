import type { AppStateDto, EligibleGroupDto } from '../../../shared/domain/types.js';

/** The justification templates offered for one group, and the one the form starts with. */
export interface TemplateChoice {
  /** The group's own templates first, then the organisation's shared ones (each once). */
  templates: string[];
  /**
   * What the justification starts as: the group's own first template, or nothing. A shared template
   * is never pre-filled — one sentence pre-filled for every group ends up sent for the wrong one.
   */
  prefill: string;
}

/** Picks a group's templates from the app state (`groupJustificationTemplates` is keyed by lower-case group id). */
export function templatesForGroup(state: Pick<AppStateDto, 'justificationTemplates' | 'groupJustificationTemplates'> | null | undefined, group: Pick<EligibleGroupDto, 'groupId'>): TemplateChoice {
  const own = state?.groupJustificationTemplates?.[group.groupId.toLowerCase()] ?? [];
  const shared = state?.justificationTemplates ?? [];
  return { templates: [...new Set([...own, ...shared])], prefill: own[0] ?? '' };
}
