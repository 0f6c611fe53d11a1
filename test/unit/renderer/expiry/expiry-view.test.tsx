import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildExpiryOverview } from '../../../../main/services/expiry/expiry-overview.js';
import { demoData, TENANT_ID } from '../fake-bridge.js';
import { flush, renderApp } from '../render-app.js';

const DAY = 86_400_000;
const OTHER_TENANT = '22222222-2222-2222-2222-222222222222';

function overview(now: number) {
  const at = (days: number) => now + days * DAY;
  return buildExpiryOverview({
    now,
    horizonDays: 90,
    kinds: ['secret', 'certificate'],
    vaults: [
      { name: 'kv-contoso', tenantId: TENANT_ID, displayName: 'Contoso ops', customer: 'Contoso' },
      { name: 'kv-contoso-web', tenantId: TENANT_ID, displayName: 'Contoso web', customer: 'Contoso' },
      { name: 'kv-fabrikam', tenantId: OTHER_TENANT, displayName: 'Fabrikam admin' },
    ],
    tenants: [
      { tenantId: TENANT_ID, displayName: 'Contoso Sandbox' },
      { tenantId: OTHER_TENANT, displayName: 'Fabrikam Inc' },
    ],
    items: [
      { kind: 'certificate', vault: 'kv-contoso-web', name: 'wildcard-contoso-com', expiresOn: at(12), enabled: true, autoRenew: false },
      { kind: 'certificate', vault: 'kv-contoso-web', name: 'legacy-intranet', expiresOn: at(-20), enabled: true, autoRenew: false },
      { kind: 'certificate', vault: 'kv-contoso-web', name: 'api-contoso-com', expiresOn: at(35), enabled: true, autoRenew: true },
      { kind: 'secret', vault: 'kv-fabrikam', name: 'dc-local-admin', expiresOn: at(5), enabled: true },
      { kind: 'secret', vault: 'kv-contoso', name: 'ca-admin-password', expiresOn: at(0.5), enabled: false },
    ],
  });
}

describe('expiry overview (access window)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('shows counts, the timeline and the list grouped by customer and vault, soonest first, with badges', async () => {
    const data = demoData();
    data.expiry = overview(Date.now());
    await renderApp({ view: 'main', tab: 'expiry', data });
    const region = screen.getByRole('region', { name: 'Expiring in the next 90 days' });
    const counts = within(region).getByRole('list', { name: 'How many per badge' });
    expect(within(counts).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Expired 1 expired',
      'Within 1 day 1 within 1 day',
      'Within 7 days 1 within 7 days',
      'Within 30 days 1 within 30 days',
      'Within 90 days 1 within 90 days',
    ]);
    const groups = within(region).getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(groups).toEqual(['Contoso · Contoso Sandbox', 'Fabrikam Inc']);
    const web = within(region).getByRole('list', { name: 'Expiring in Contoso web' });
    expect(within(web).getAllByRole('button').map((b) => b.textContent)).toEqual([
      'legacy-intranetcertificateexpired 20 days agoExpired',
      'wildcard-contoso-comcertificatein 12 daysWithin 30 days',
      'api-contoso-comcertificatein 35 daysWithin 90 daysAuto-renews',
    ]);
    const ops = within(region).getByRole('list', { name: 'Expiring in Contoso ops' });
    expect(ops.textContent).toContain('Disabled');
    // Contoso ops (12 h) is above Contoso web (expired 20 days ago is more urgent, so web comes first).
    expect(within(region).getAllByRole('heading', { level: 4 }).map((h) => h.textContent)).toEqual(['Contoso web', 'Contoso ops', 'Fabrikam admin']);
    const markers = within(within(region).getByRole('group', { name: /Timeline/ })).getAllByRole('button');
    expect(markers).toHaveLength(5);
  });

  it('a marker selects its item: the row opens with the details and gets focus; the row toggles them', async () => {
    const data = demoData();
    data.expiry = overview(Date.now());
    await renderApp({ view: 'main', tab: 'expiry', data });
    const timeline = screen.getByRole('group', { name: /Timeline/ });
    fireEvent.click(within(timeline).getByRole('button', { name: /^wildcard-contoso-com \(certificate, Contoso web\) in 12 days$/ }));
    await vi.advanceTimersByTimeAsync(50);
    await flush();
    const facts = screen.getByLabelText('Details of wildcard-contoso-com');
    expect(facts.textContent).toContain('Certificate');
    expect(facts.textContent).toContain('Contoso Sandbox');
    expect(facts.textContent).toContain('Off: someone must renew it');
    const row = screen.getByRole('button', { name: /^wildcard-contoso-com/, expanded: true });
    expect(document.activeElement).toBe(row);
    fireEvent.click(row);
    await flush();
    expect(screen.queryByLabelText('Details of wildcard-contoso-com')).toBeNull();
  });

  it('reads the overview again when main says it changed; says so when nothing expires', async () => {
    const data = demoData();
    const { fake } = await renderApp({ view: 'main', tab: 'expiry', data });
    expect(screen.getByText('Nothing expires in the next 90 days, and nothing has expired.')).toBeTruthy();
    expect(screen.getByText(/secrets with an expiry date/)).toBeTruthy();
    fake.data.expiry = overview(Date.now());
    fake.emit('expiry:changed', { generatedAt: Date.now(), total: 5 });
    await flush();
    expect(screen.getAllByRole('button', { name: /wildcard-contoso-com/ }).length).toBeGreaterThan(0);
    expect(screen.getByText(/secrets and certificates/)).toBeTruthy();
  });

  it('a failed read says what happened', async () => {
    const data = demoData();
    const { fake } = await renderApp({ view: 'main', tab: 'access', data });
    fake.fail('expiry:overview', 'network', 'The connection to JIT Vault was lost.');
    fireEvent.click(screen.getByRole('tab', { name: 'Expiry' }));
    await flush();
    expect(screen.getByText(/The connection to JIT Vault was lost/)).toBeTruthy();
  });

  it('passes axe with an item selected (no violations at all)', async () => {
    const data = demoData();
    data.expiry = overview(Date.now());
    await renderApp({ view: 'main', tab: 'expiry', data });
    fireEvent.click(screen.getByRole('button', { name: /^dc-local-admin/, expanded: false }));
    await flush();
    // The document as renderer/index.html sets it up (the document-level rules are checked there).
    document.documentElement.lang = 'en';
    document.title = 'JIT Vault';
    const results = await axe.run(document, { resultTypes: ['violations'] });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});

describe('expiry notification settings', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('saves other thresholds (largest first) and the switch; refuses a bad list with the reason and saves nothing', async () => {
    const { fake } = await renderApp({ view: 'main', tab: 'settings' });
    const field = screen.getByLabelText('Notify this many days before expiry') as HTMLInputElement;
    expect(field.value).toBe('30, 7, 1');
    fireEvent.change(field, { target: { value: '0, 200' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await flush();
    expect(screen.getByText(/whole numbers of days from 1 to 90/)).toBeTruthy();
    expect(fake.callsTo('settings:update')).toEqual([]);
    fireEvent.change(field, { target: { value: '3; 14 ,1' } });
    fireEvent.click(screen.getByLabelText('Notify me before secrets and certificates expire'));
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await flush();
    expect(fake.callsTo('settings:update')).toEqual([{ expiryThresholdsDays: [14, 3, 1], expiryNotices: false }]);
    expect(fake.data.state.settings).toMatchObject({ expiryNotices: false, expiryThresholdsDays: [14, 3, 1] });
  });
});
