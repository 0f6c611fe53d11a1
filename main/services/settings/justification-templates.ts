import type { JustificationTemplate } from './settings.schema.js';

/** Templates as the UI takes them: the ones for every group, and per group (lower-case group id). */
export interface TemplatesByGroup {
  shared: string[];
  perGroup: Record<string, string[]>;
}

/** Splits the settings' templates into shared ones and per-group ones (ids lower-cased where they enter). */
export function templatesByGroup(templates: readonly JustificationTemplate[]): TemplatesByGroup {
  const shared: string[] = [];
  const perGroup: Record<string, string[]> = {};
  for (const template of templates) {
    if (typeof template === 'string') {
      shared.push(template);
      continue;
    }
    for (const group of template.groups) (perGroup[group.toLowerCase()] ??= []).push(template.text);
  }
  return { shared, perGroup };
}
