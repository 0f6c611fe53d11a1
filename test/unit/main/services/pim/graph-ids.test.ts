import { describe, expect, it } from 'vitest';
import { lowerGraphIds } from '../../../../../main/services/pim/graph-ids.js';

describe('lowerGraphIds (Graph ingress)', () => {
  it('lower-cases group and principal ids, top-level and expanded, and leaves request ids and other fields as Graph wrote them', () => {
    const request = {
      id: 'REQ-0A1B',
      groupId: '480CA4E5-1D02-4348-9047-4C462899391C',
      principalId: 'A1B2C3D4-0000-4000-8000-00000000000A',
      justification: 'Ticket INC-42',
      group: { id: '480CA4E5-1D02-4348-9047-4C462899391C', displayName: 'PIM-Servers' },
      principal: { id: 'A1B2C3D4-0000-4000-8000-00000000000A', displayName: 'Riley', userPrincipalName: 'Riley@Contoso.com' },
    };
    expect(lowerGraphIds(request)).toEqual({
      id: 'REQ-0A1B',
      groupId: '480ca4e5-1d02-4348-9047-4c462899391c',
      principalId: 'a1b2c3d4-0000-4000-8000-00000000000a',
      justification: 'Ticket INC-42',
      group: { id: '480ca4e5-1d02-4348-9047-4c462899391c', displayName: 'PIM-Servers' },
      principal: { id: 'a1b2c3d4-0000-4000-8000-00000000000a', displayName: 'Riley', userPrincipalName: 'Riley@Contoso.com' },
    });
    expect(request.groupId).toBe('480CA4E5-1D02-4348-9047-4C462899391C'); // the answer itself is not mutated
    expect(lowerGraphIds({ id: 'x', group: null, principal: undefined })).toEqual({ id: 'x', group: null, principal: undefined });
  });
});
