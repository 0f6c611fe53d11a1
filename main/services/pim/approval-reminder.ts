/**
 * A reminder the requester sends themselves, by copy or through their own mail client: JIT Vault
 * never messages anyone on their behalf. It names the request so an approver can find it in JIT
 * Vault's Approvals panel or in the Microsoft Entra admin center (Privileged Identity Management →
 * Approve requests).
 */
export function reminderFor(input: { groupName: string; requestId: string; waitingSince: number; lapsesAt: number | null; justification: string; ticketNumber?: string | undefined }): {
  subject: string;
  body: string;
  mailto: string;
} {
  const subject = `Approval needed: ${input.groupName}`;
  const lines = [
    `Hi, could you review my request to activate ${input.groupName}?`,
    '',
    `Reason: ${input.justification || '(none given)'}`,
    ...(input.ticketNumber ? [`Ticket: ${input.ticketNumber}`] : []),
    `Requested: ${new Date(input.waitingSince).toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    ...(input.lapsesAt ? [`Lapses: ${new Date(input.lapsesAt).toISOString().replace('T', ' ').slice(0, 16)} UTC`] : []),
    `Request id: ${input.requestId}`,
    '',
    'Approve or deny it in JIT Vault (Access → Approvals) or at https://entra.microsoft.com → Identity governance → Privileged Identity Management → Approve requests.',
  ];
  const body = lines.join('\n');
  return { subject, body, mailto: `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}` };
}
