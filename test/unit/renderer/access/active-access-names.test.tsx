import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, demoData, TENANT_ID } from '../fake-bridge.js';
import { renderApp } from '../render-app.js';

afterEach(() => cleanup());

describe('Active access names every group', () => {
  it('a standing membership (in no eligible list) is named from Graph, not shown as its id', async () => {
    const data = demoData();
    data.active = [{ accountId: ACCOUNT_ID, tenantId: TENANT_ID, groupId: '9d4e1a57-2b6c-4f0e-8a31-6c2f5b7e9d10', groupName: 'KV-Helpdesk-Readers', instanceId: 'inst-r', startsAt: Date.now() - 86_400_000, endsAt: null, assignmentType: 'Assigned' }];
    await renderApp({ view: 'main', data });
    const active = screen.getByRole('region', { name: 'Active access' });
    expect(active.textContent).toContain('KV-Helpdesk-Readers standing membership');
    expect(active.textContent).not.toContain('9d4e1a57');
  });
});
