/**
 * Where the access window should take the user when it opens: the approvals panel, optionally one
 * request in it and the decision the user picked on a notification. A decision is never made from
 * outside the panel: it always needs the approver's justification, which only the panel asks for.
 * Carried in the main window's URL hash next to `tab=` (renderer/src/view-mode.ts reads it).
 */
export interface MainViewFocus {
  section: 'approvals';
  requestId?: string;
  decision?: 'Approve' | 'Deny';
}

/** `section=approvals&request=…&decision=…` (URL-encoded) for the window's hash. */
export function focusToHashParams(focus: MainViewFocus): string {
  const params = new URLSearchParams({ section: focus.section });
  if (focus.requestId) params.set('request', focus.requestId);
  if (focus.decision) params.set('decision', focus.decision);
  return params.toString();
}

/** The focus a hash asks for, if any (unknown values are ignored, never guessed). */
export function focusFromHashParams(params: URLSearchParams): MainViewFocus | undefined {
  if (params.get('section') !== 'approvals') return undefined;
  const requestId = params.get('request') ?? undefined;
  const decision = params.get('decision');
  return {
    section: 'approvals',
    ...(requestId && requestId.length <= 200 ? { requestId } : {}),
    ...(decision === 'Approve' || decision === 'Deny' ? { decision } : {}),
  };
}
