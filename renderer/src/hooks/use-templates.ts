import type { EligibleGroupDto } from '../../../shared/domain/types.js';
import { templatesForGroup, type TemplateChoice } from '../state/justification-templates.js';
import { useApp } from '../state/services-context.js';

/** The window's per-group justification templates, for `RequestForm.templatesFor`. */
export function useTemplates(): (group: EligibleGroupDto) => TemplateChoice {
  const shared = useApp((s) => s.state?.justificationTemplates);
  const perGroup = useApp((s) => s.state?.groupJustificationTemplates);
  return (group) => templatesForGroup({ justificationTemplates: shared ?? [], ...(perGroup ? { groupJustificationTemplates: perGroup } : {}) }, group);
}
