import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../shared/domain/types.js';
import { ErrorMessage } from '../../../renderer/src/components/error-message.js';
import { ERROR_TEXT, errorText } from '../../../renderer/src/errors/error-text.js';

/** Every ErrorCode, listed by hand: the test fails if the map and this list disagree. */
const ALL_CODES: ErrorCode[] = [
  'vault-locked',
  'not-signed-in',
  'keychain-unavailable',
  'interaction-required',
  'pim-policy',
  'pim-not-eligible',
  'pim-already-active',
  'pim-too-short',
  'pim-mfa-required',
  'pim-denied',
  'pim-failed',
  'pim-timeout',
  'approval-decided',
  'approval-expired',
  'approval-not-approver',
  'approval-justification-required',
  'vault-forbidden-rbac',
  'vault-forbidden-policy',
  'vault-forbidden-firewall',
  'vault-secret-disabled',
  'vault-not-found',
  'vault-throttled',
  'item-unsupported',
  'network',
  'settings-invalid',
  'cancelled',
  'unknown',
  'bad-request',
  'forbidden-sender',
  'unknown-channel',
];

describe('plain-language error texts', () => {
  afterEach(cleanup);

  it('has a headline and a next step for every code, and nothing else', () => {
    expect(Object.keys(ERROR_TEXT).sort()).toEqual([...ALL_CODES].sort());
    for (const code of ALL_CODES) {
      expect(ERROR_TEXT[code].title.length, code).toBeGreaterThan(5);
      expect(ERROR_TEXT[code].text.length, code).toBeGreaterThan(20);
      expect(ERROR_TEXT[code].text, code).not.toMatch(/undefined|\{|\}/);
    }
  });

  it('says distinct things for distinct codes (no copy-paste texts)', () => {
    const texts = ALL_CODES.map((code) => ERROR_TEXT[code].text);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it.each(ALL_CODES)('renders %s as an alert with its text', (code) => {
    render(<ErrorMessage code={code} message="Main's detail." />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(ERROR_TEXT[code].title);
    // Where main's detail says the same thing naming the item, it stands in for the generic text (said once).
    if (ERROR_TEXT[code].detailReplacesText) expect(alert.textContent).not.toContain(ERROR_TEXT[code].text);
    else expect(alert.textContent).toContain(ERROR_TEXT[code].text);
    expect(alert.textContent).toContain("Main's detail.");
    expect(alert.getAttribute('data-code')).toBe(code);
  });

  it('without main’s detail, a code whose detail replaces the text still shows its own text', () => {
    render(<ErrorMessage code="vault-secret-disabled" />);
    expect(screen.getByRole('alert').textContent).toContain(ERROR_TEXT['vault-secret-disabled'].text);
  });

  it('explains the firewall and the propagation delay the way helpdesk staff need', () => {
    expect(ERROR_TEXT['vault-forbidden-firewall'].text).toContain("Your network is blocked by this vault's firewall");
    expect(ERROR_TEXT['vault-forbidden-rbac'].text).toContain('Access granted but not yet effective — waiting for Azure (usually under 2 minutes)');
    expect(ERROR_TEXT['pim-timeout'].title).toBe('Access granted but not yet effective');
  });

  it('falls back to the unknown text for codes it does not know (event errorCode strings)', () => {
    expect(errorText('RoleAssignmentRequestAcrsValidationFailed')).toBe(ERROR_TEXT.unknown);
    expect(errorText(undefined)).toBe(ERROR_TEXT.unknown);
    expect(errorText('toString')).toBe(ERROR_TEXT.unknown);
    expect(errorText('network')).toBe(ERROR_TEXT.network);
  });
});
