import { describe, expect, it } from 'vitest';
import { ACTIVATION_LIMITS, checkActivation } from '../../../../shared/domain/activation-rules.js';
import { invokeChannels } from '../../../../shared/ipc/contract.js';

const policy = { maxDurationMinutes: 480, requireJustification: true, requireTicket: false };
const ok = { justification: 'INC-1 reset', durationMinutes: 60 };

describe('activation rules (one home: form, contract and service read these)', () => {
  it('passes a request within policy', () => expect(checkActivation(ok, policy)).toEqual([]));

  it('lists every broken rule by field', () => {
    expect(checkActivation({ justification: ' ', durationMinutes: 4, ticketNumber: '' }, { ...policy, requireTicket: true })).toEqual([
      { field: 'justification', rule: 'required' },
      { field: 'ticketNumber', rule: 'required' },
      { field: 'durationMinutes', rule: 'invalid', limit: 5 },
    ]);
    expect(checkActivation({ ...ok, justification: 'x'.repeat(501), durationMinutes: 481 }, policy)).toEqual([
      { field: 'justification', rule: 'too-long', limit: 500 },
      { field: 'durationMinutes', rule: 'over-policy', limit: 480 },
    ]);
  });

  it('wants whole minutes', () => {
    expect(checkActivation({ ...ok, durationMinutes: 30.5 }, policy)).toEqual([{ field: 'durationMinutes', rule: 'invalid', limit: 5 }]);
    expect(checkActivation({ ...ok, durationMinutes: Number.NaN }, policy)).toHaveLength(1);
  });

  it('the IPC contract enforces the same limits for activate and extend', () => {
    for (const channel of ['pim:activate', 'pim:extend'] as const) {
      const schema = invokeChannels[channel].input;
      const args = (over: object) => ({ accountId: 'a', groupId: 'g', justification: 'j', durationMinutes: 60, ...over });
      expect(schema.safeParse(args({ durationMinutes: ACTIVATION_LIMITS.minMinutes })).success).toBe(true);
      expect(schema.safeParse(args({ durationMinutes: ACTIVATION_LIMITS.minMinutes - 1 })).success).toBe(false);
      expect(schema.safeParse(args({ durationMinutes: ACTIVATION_LIMITS.maxMinutes })).success).toBe(true);
      expect(schema.safeParse(args({ durationMinutes: ACTIVATION_LIMITS.maxMinutes + 1 })).success).toBe(false);
      expect(schema.safeParse(args({ justification: 'x'.repeat(ACTIVATION_LIMITS.maxJustificationChars + 1) })).success).toBe(false);
      expect(schema.safeParse(args({ ticketNumber: 'x'.repeat(ACTIVATION_LIMITS.maxTicketChars + 1) })).success).toBe(false);
    }
  });
});
