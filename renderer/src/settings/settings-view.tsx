import { useId, useState, type FormEvent } from 'react';
import type { UiSettingsDto } from '../../../shared/domain/types.js';
import type { BridgeError } from '../bridge.js';
import { ErrorMessage } from '../components/error-message.js';
import { useApp, useServices } from '../state/services-context.js';

type Draft = { [K in keyof UiSettingsDto]: string | boolean };
type NumberKey = 'revealSeconds' | 'clipboardSeconds' | 'idleLockMinutes' | 'warnBeforeExpiryMinutes';

/** The ranges the contract accepts (shared/ipc/contract.ts 'settings:update'). */
const NUMBER_FIELDS: { key: NumberKey; label: string; min: number; max: number; unit: string }[] = [
  { key: 'revealSeconds', label: 'Hide a revealed value after', min: 3, max: 300, unit: 'seconds' },
  { key: 'clipboardSeconds', label: 'Clear the clipboard after', min: 5, max: 600, unit: 'seconds' },
  { key: 'idleLockMinutes', label: 'Lock when idle for', min: 1, max: 480, unit: 'minutes' },
  { key: 'warnBeforeExpiryMinutes', label: 'Warn before access ends', min: 1, max: 60, unit: 'minutes' },
];

/** The form's editable copy of the settings (numbers as typed text). */
function toDraft(settings: UiSettingsDto | undefined): Draft {
  return {
    revealSeconds: String(settings?.revealSeconds ?? ''),
    clipboardSeconds: String(settings?.clipboardSeconds ?? ''),
    idleLockMinutes: String(settings?.idleLockMinutes ?? ''),
    warnBeforeExpiryMinutes: String(settings?.warnBeforeExpiryMinutes ?? ''),
    shortcut: settings?.shortcut ?? '',
    startAtLogin: settings?.startAtLogin ?? false,
    theme: settings?.theme ?? 'system',
    expiryNotices: settings?.expiryNotices ?? true,
    expiryThresholdsDays: (settings?.expiryThresholdsDays ?? []).join(', '),
  };
}

/** "30, 7, 1" → [30, 7, 1], or the reason it is not a list the contract accepts (1–90 days, each once, at most 6). */
export function parseThresholds(text: string): number[] | string {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const days = parts.map(Number);
  if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 90)) return 'Enter whole numbers of days from 1 to 90, separated by commas (for example 30, 7, 1).';
  if (new Set(days).size !== days.length) return 'Enter each number of days once.';
  if (days.length > 6) return 'Enter at most 6 thresholds.';
  return [...days].sort((a, b) => b - a);
}

/** Is a setting enforced by policy? `policyEnforced` may name it plainly or with a section ("timeouts.revealSeconds"). */
function enforcedKey(enforced: string[], key: string): string | undefined {
  return enforced.find((name) => name === key || name.endsWith(`.${key}`));
}

/**
 * Timeouts, shortcut, start at login and theme. Settings the admin policy enforces are shown
 * read-only with the reason. Saves only what changed; main validates again.
 */
export function SettingsView() {
  const id = useId();
  const { app } = useServices();
  const state = useApp((s) => s.state);
  const [draft, setDraft] = useState<Draft>(() => toDraft(state?.settings));
  const [errors, setErrors] = useState<Partial<Record<NumberKey | 'expiryThresholdsDays', string>>>({});
  const [failure, setFailure] = useState<BridgeError | null>(null);
  const [saved, setSaved] = useState(false);
  if (!state) return null;
  const enforced = state.policyEnforced;
  const reasonOf = (key: string) => {
    const name = enforcedKey(enforced, key);
    return name ? (state.policyReasons?.[name] ?? 'Set by your organisation’s policy.') : undefined;
  };

  function change(key: keyof UiSettingsDto, value: string | boolean) {
    setDraft({ ...draft, [key]: value });
    setSaved(false);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const found: Partial<Record<NumberKey | 'expiryThresholdsDays', string>> = {};
    const patch: Partial<UiSettingsDto> = {};
    for (const field of NUMBER_FIELDS) {
      if (reasonOf(field.key)) continue;
      const value = Number(draft[field.key]);
      if (!Number.isInteger(value) || value < field.min || value > field.max) found[field.key] = `Enter a whole number from ${field.min} to ${field.max} ${field.unit}.`;
      else if (value !== state!.settings[field.key]) patch[field.key] = value;
    }
    if (!reasonOf('expiryNotices')) {
      const days = parseThresholds(String(draft.expiryThresholdsDays));
      if (typeof days === 'string') found.expiryThresholdsDays = days;
      else if (days.join(',') !== state!.settings.expiryThresholdsDays.join(',')) patch.expiryThresholdsDays = days;
      if (draft.expiryNotices !== state!.settings.expiryNotices) patch.expiryNotices = Boolean(draft.expiryNotices);
    }
    setErrors(found);
    if (Object.keys(found).length) return;
    if (!reasonOf('shortcut') && draft.shortcut !== state!.settings.shortcut && String(draft.shortcut).trim()) patch.shortcut = String(draft.shortcut).trim();
    if (!reasonOf('startAtLogin') && draft.startAtLogin !== state!.settings.startAtLogin) patch.startAtLogin = Boolean(draft.startAtLogin);
    if (!reasonOf('theme') && draft.theme !== state!.settings.theme) patch.theme = draft.theme as UiSettingsDto['theme'];
    const error = await app.getState().updateSettings(patch);
    setFailure(error);
    setSaved(error === null);
  }

  const hint = (key: string, text?: string) => {
    const reason = reasonOf(key);
    if (!reason && !text) return null;
    return (
      <p id={`${id}-${key}-hint`} className={reason ? 'field-hint enforced' : 'field-hint'}>
        {reason ? `Locked: ${reason}` : text}
      </p>
    );
  };

  return (
    <form className="card settings" onSubmit={save} noValidate aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      {NUMBER_FIELDS.map((field) => (
        <div className="field" key={field.key}>
          <label htmlFor={`${id}-${field.key}`}>
            {field.label} ({field.unit})
          </label>
          <input
            id={`${id}-${field.key}`}
            type="number"
            inputMode="numeric"
            min={field.min}
            max={field.max}
            value={String(draft[field.key])}
            readOnly={Boolean(reasonOf(field.key))}
            aria-invalid={errors[field.key] ? true : undefined}
            aria-describedby={[`${id}-${field.key}-hint`, errors[field.key] ? `${id}-${field.key}-error` : ''].filter(Boolean).join(' ')}
            onChange={(event) => change(field.key, event.target.value)}
          />
          {hint(field.key, `${field.min} to ${field.max} ${field.unit}.`)}
          {errors[field.key] ? (
            <p id={`${id}-${field.key}-error`} className="field-error">
              {errors[field.key]}
            </p>
          ) : null}
        </div>
      ))}
      <div className="field">
        <label htmlFor={`${id}-shortcut`}>Quick lookup shortcut</label>
        <input
          id={`${id}-shortcut`}
          type="text"
          value={String(draft.shortcut)}
          readOnly={Boolean(reasonOf('shortcut'))}
          aria-describedby={`${id}-shortcut-hint`}
          onChange={(event) => change('shortcut', event.target.value)}
        />
        {hint('shortcut', 'An Electron accelerator, e.g. CommandOrControl+Shift+Space.')}
      </div>
      <div className="field checkbox">
        <input
          id={`${id}-startAtLogin`}
          type="checkbox"
          checked={Boolean(draft.startAtLogin)}
          disabled={Boolean(reasonOf('startAtLogin'))}
          aria-describedby={reasonOf('startAtLogin') ? `${id}-startAtLogin-hint` : undefined}
          onChange={(event) => change('startAtLogin', event.target.checked)}
        />
        <label htmlFor={`${id}-startAtLogin`}>Start JIT Vault when I sign in to my computer</label>
        {hint('startAtLogin')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-theme`}>Theme</label>
        <select
          id={`${id}-theme`}
          value={String(draft.theme)}
          disabled={Boolean(reasonOf('theme'))}
          aria-describedby={reasonOf('theme') ? `${id}-theme-hint` : undefined}
          onChange={(event) => change('theme', event.target.value)}
        >
          <option value="system">Same as the system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
        {hint('theme')}
      </div>
      <fieldset className="field-group">
        <legend>Expiry notifications</legend>
        <div className="field checkbox">
          <input
            id={`${id}-expiryNotices`}
            type="checkbox"
            checked={Boolean(draft.expiryNotices)}
            disabled={Boolean(reasonOf('expiryNotices'))}
            onChange={(event) => change('expiryNotices', event.target.checked)}
          />
          <label htmlFor={`${id}-expiryNotices`}>Notify me before secrets and certificates expire</label>
        </div>
        <div className="field">
          <label htmlFor={`${id}-expiryThresholdsDays`}>Notify this many days before expiry</label>
          <input
            id={`${id}-expiryThresholdsDays`}
            type="text"
            inputMode="numeric"
            value={String(draft.expiryThresholdsDays)}
            readOnly={Boolean(reasonOf('expiryNotices'))}
            aria-invalid={errors.expiryThresholdsDays ? true : undefined}
            aria-describedby={[`${id}-expiryNotices-hint`, errors.expiryThresholdsDays ? `${id}-expiryThresholdsDays-error` : ''].filter(Boolean).join(' ')}
            onChange={(event) => change('expiryThresholdsDays', event.target.value)}
          />
          {hint('expiryNotices', 'Days, separated by commas: one notification as an item passes each (and when it has expired).')}
          {errors.expiryThresholdsDays ? (
            <p id={`${id}-expiryThresholdsDays-error`} className="field-error">
              {errors.expiryThresholdsDays}
            </p>
          ) : null}
        </div>
      </fieldset>
      {failure ? <ErrorMessage code={failure.code} message={failure.message} /> : null}
      <div className="form-actions">
        <button type="submit" className="primary">
          Save settings
        </button>
        <span role="status">{saved ? 'Saved.' : ''}</span>
      </div>
    </form>
  );
}
