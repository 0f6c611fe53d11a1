import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { EligibleGroupDto } from '../../../shared/domain/types.js';
import type { BridgeError } from '../bridge.js';
import { defaultDuration, MAX_JUSTIFICATION_LENGTH, MINIMUM_ACTIVATION_MINUTES, validateRequest, type RequestErrors, type RequestField } from '../state/request-validation.js';
import { minutesInWords } from '../../../shared/domain/minutes-in-words.js';
import { ErrorMessage } from './error-message.js';
import { PolicySummary } from './policy-summary.js';

/** What the form hands to its owner once valid. */
export interface RequestSubmission {
  group: EligibleGroupDto;
  justification: string;
  durationMinutes: number;
  ticketNumber?: string;
}

export interface RequestFormProps {
  /** Groups the request may be for (the ones unlocking the item, or one group); at least one. */
  groups: EligibleGroupDto[];
  templates: string[];
  /** Label for a group in the picker (adds the account when several accounts are eligible). */
  groupLabel?(group: EligibleGroupDto): string;
  submitLabel?: string;
  /** Extra fields before the buttons (the popup's "then copy/reveal" choice). */
  extra?: ReactNode;
  initialJustification?: string;
  onSubmit(request: RequestSubmission): Promise<BridgeError | null>;
  onCancel?(): void;
}

const FIELD_ORDER: RequestField[] = ['justification', 'durationMinutes', 'ticketNumber'];

/**
 * The activation request: justification (pre-filled from the first template), duration within the
 * group's policy, ticket number when the policy asks for one, and the policy spelled out (approval,
 * MFA). Every problem is listed at once, beside its field, before anything is sent.
 */
export function RequestForm(props: RequestFormProps) {
  const id = useId();
  const [groupIndex, setGroupIndex] = useState(0);
  const group = props.groups[Math.min(groupIndex, props.groups.length - 1)]!;
  const [justification, setJustification] = useState(props.initialJustification ?? props.templates[0] ?? '');
  const [duration, setDuration] = useState(String(defaultDuration(group.policy)));
  const [ticket, setTicket] = useState('');
  const [errors, setErrors] = useState<RequestErrors>({});
  const [failure, setFailure] = useState<BridgeError | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const fields = useRef<Partial<Record<RequestField, HTMLElement | null>>>({});
  const { policy } = group;
  const label = props.groupLabel ?? ((g: EligibleGroupDto) => g.displayName);
  // Keyboard users land where they type: the justification (caret at its end), not the pickers
  // above it — the template and group pickers stay a Shift+Tab away.
  useEffect(() => {
    const field = fields.current.justification;
    if (!(field instanceof HTMLTextAreaElement)) return;
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const values = { justification, durationMinutes: duration.trim() === '' ? Number.NaN : Number(duration), ticketNumber: ticket };
    const found = validateRequest(values, policy);
    setErrors(found);
    setFailure(null);
    const first = FIELD_ORDER.find((field) => found[field]);
    if (first) {
      fields.current[first]?.focus();
      return;
    }
    setSubmitting(true);
    const error = await props.onSubmit({
      group,
      justification: justification.trim(),
      durationMinutes: values.durationMinutes,
      ...(ticket.trim() ? { ticketNumber: ticket.trim() } : {}),
    });
    setSubmitting(false);
    setFailure(error);
  }

  const describedBy = (field: RequestField, hint?: string) => [errors[field] ? `${id}-${field}-error` : '', hint ?? ''].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: RequestField) =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {errors[field]}
      </p>
    ) : null;

  return (
    <form className="request-form" noValidate onSubmit={submit} aria-label={`Request access to ${group.displayName}`}>
      {props.groups.length > 1 ? (
        <div className="field">
          <label htmlFor={`${id}-group`}>Group</label>
          <select id={`${id}-group`} value={groupIndex} onChange={(event) => setGroupIndex(Number(event.target.value))}>
            {props.groups.map((g, index) => (
              <option key={`${g.accountId}/${g.groupId}`} value={index}>
                {label(g)}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p className="form-group-name">
          Group: <strong>{label(group)}</strong>
        </p>
      )}
      <PolicySummary policy={policy} />
      {props.templates.length > 0 ? (
        <div className="field">
          <label htmlFor={`${id}-template`}>Justification template</label>
          <select
            id={`${id}-template`}
            value={props.templates.includes(justification) ? justification : ''}
            onChange={(event) => {
              if (event.target.value) setJustification(event.target.value);
            }}
          >
            <option value="">(write your own)</option>
            {props.templates.map((template) => (
              <option key={template} value={template}>
                {template}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-justification`}>
          Justification{policy.requireJustification ? ' (required)' : ' (optional)'}
        </label>
        <textarea
          id={`${id}-justification`}
          ref={(element) => {
            fields.current.justification = element;
          }}
          rows={2}
          maxLength={MAX_JUSTIFICATION_LENGTH}
          value={justification}
          aria-invalid={errors.justification ? true : undefined}
          aria-describedby={describedBy('justification')}
          onChange={(event) => setJustification(event.target.value)}
        />
        {fieldError('justification')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-duration`}>Duration in minutes</label>
        <input
          id={`${id}-duration`}
          ref={(element) => {
            fields.current.durationMinutes = element;
          }}
          type="number"
          inputMode="numeric"
          min={MINIMUM_ACTIVATION_MINUTES}
          max={policy.maxDurationMinutes}
          step={1}
          value={duration}
          aria-invalid={errors.durationMinutes ? true : undefined}
          aria-describedby={describedBy('durationMinutes', `${id}-duration-hint`)}
          onChange={(event) => setDuration(event.target.value)}
        />
        <p id={`${id}-duration-hint`} className="field-hint">
          From {MINIMUM_ACTIVATION_MINUTES} minutes up to {minutesInWords(policy.maxDurationMinutes)}.
        </p>
        {fieldError('durationMinutes')}
      </div>
      {/* Optional when an approver decides: the ticket tells them what the request is for. */}
      {policy.requireTicket || policy.requireApproval ? (
        <div className="field">
          <label htmlFor={`${id}-ticket`}>Ticket number ({policy.requireTicket ? 'required' : 'optional'})</label>
          <input
            id={`${id}-ticket`}
            ref={(element) => {
              fields.current.ticketNumber = element;
            }}
            type="text"
            autoComplete="off"
            maxLength={100}
            value={ticket}
            aria-invalid={errors.ticketNumber ? true : undefined}
            aria-describedby={describedBy('ticketNumber')}
            onChange={(event) => setTicket(event.target.value)}
          />
          {fieldError('ticketNumber')}
        </div>
      ) : null}
      {props.extra}
      {failure ? <ErrorMessage code={failure.code} message={failure.message} /> : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={submitting}>
          {submitting ? 'Submitting…' : (props.submitLabel ?? (policy.requireApproval ? 'Request access' : 'Activate'))}
        </button>
        {props.onCancel ? (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
