import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CertificateCatalogDto, CertificateItemDto } from '../../../../shared/domain/certificates.js';
import { demoData, type FakeData } from '../fake-bridge.js';
import { flush, renderApp } from '../render-app.js';

const DAY = 86_400_000;

function certificate(name: string, fields: Partial<CertificateItemDto>): CertificateItemDto {
  return { key: `kv-contoso/${name}`, vault: 'kv-contoso', vaultDisplayName: 'Contoso ops', customer: 'Contoso', name, ...fields };
}

/** Three certificates beside the demo's secrets: one expiring in 12 days (auto-renew), one expired, one pending CSR. */
function withCertificates(): FakeData {
  const now = Date.now();
  const certificates: CertificateCatalogDto = {
    vaults: [{ vault: 'kv-contoso', listing: 'listed', count: 3 }],
    items: [
      certificate('wildcard-contoso-web', {
        subject: 'CN=*.contoso.example, O=Contoso Ltd',
        subjectAlternativeNames: ['*.contoso.example', 'contoso.example'],
        issuer: 'CN=Contoso Issuing CA',
        thumbprint: 'AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12',
        keyType: 'RSA 2048',
        notBefore: now - 300 * DAY,
        expiresOn: now + 12 * DAY,
        renewal: 'auto',
        renewalTrigger: '30 days before expiry',
      }),
      certificate('rdp-gateway', { subject: 'CN=rdgw.contoso.example', subjectAlternativeNames: ['rdgw.contoso.example'], thumbprint: '99887766554433221100FFEEDDCCBBAA99887766', keyType: 'RSA 2048', expiresOn: now - 2 * DAY, renewal: 'none' }),
      certificate('vpn-portal-csr', { subject: 'CN=vpn.contoso.example', issuerName: 'Unknown', pending: true, renewal: 'none' }),
    ],
  };
  return { ...demoData(), certificates };
}

const combobox = () => screen.getByRole('combobox');
const rows = (label: 'Secrets' | 'Certificates') => within(screen.getByRole('listbox', { name: label })).getAllByRole('option');
const rowNames = (label: 'Secrets' | 'Certificates') => rows(label).map((o) => o.querySelector('.row-name')?.textContent);

afterEach(cleanup);

describe('quick lookup: certificates beside the secrets (kind filter)', () => {
  it('searches secrets by default; Alt+2 lists the certificates soonest expiry first with their badges; Alt+1 goes back', async () => {
    const { user } = await renderApp({ data: withCertificates() });
    const kinds = screen.getByRole('group', { name: 'Search in' });
    expect(within(kinds).getByRole('button', { name: 'Secrets' }).getAttribute('aria-pressed')).toBe('true');
    expect(rowNames('Secrets')).not.toContain('rdp-gateway');

    await user.click(combobox());
    await user.keyboard('{Alt>}2{/Alt}');
    expect(within(kinds).getByRole('button', { name: 'Certificates' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText('3 certificates')).toBeTruthy();
    expect(combobox().getAttribute('aria-label')).toBe('Search certificates by name, host, subject or thumbprint');
    // Expired first, then 12 days left, the pending one (no expiry yet) last.
    expect(rowNames('Certificates')).toEqual(['rdp-gateway', 'wildcard-contoso-web', 'vpn-portal-csr']);
    const [expired, soon, pending] = rows('Certificates');
    expect(within(expired!).getByText('Expired')).toBeTruthy();
    expect(within(soon!).getByText('Within 30 days')).toBeTruthy();
    expect(within(soon!).getByText('Auto-renew')).toBeTruthy();
    expect(within(pending!).getByText('Pending')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Keyboard shortcuts' }).textContent).toContain('Enter open certificate');
    expect(screen.getByRole('list', { name: 'Keyboard shortcuts' }).textContent).not.toContain('favourite');

    await user.keyboard('{Alt>}1{/Alt}');
    expect(rowNames('Secrets')).toContain('router-root');
  });

  it('finds a certificate by a host in its SANs, its subject or its thumbprint, and says so under the secrets', async () => {
    const { user } = await renderApp({ data: withCertificates() });
    await user.type(combobox(), 'rdgw');
    // Under the secrets: no secret matches, but the certificate does — one click (or Alt+2) away.
    const hint = screen.getByRole('button', { name: '1 certificate matches “rdgw”' });
    await user.click(hint);
    expect(rowNames('Certificates')).toEqual(['rdp-gateway']);
    await user.clear(combobox());
    await user.type(combobox(), 'AB12CD34');
    expect(rowNames('Certificates')).toEqual(['wildcard-contoso-web']);
    // The selected certificate's details: subject, names and validity.
    const details = screen.getByRole('region', { name: 'Details of wildcard-contoso-web' });
    expect(details.textContent).toContain('CN=*.contoso.example, O=Contoso Ltd');
    expect(details.textContent).toContain('*.contoso.example, contoso.example');
  });

  it('Enter opens the certificate: every fact, Save .pem focused (Enter saves it), Esc back to the search', async () => {
    const { user, fake } = await renderApp({ data: withCertificates() });
    await user.click(combobox());
    await user.keyboard('{Alt>}2{/Alt}{ArrowDown}{Enter}');
    const panel = screen.getByRole('region', { name: 'wildcard-contoso-web' });
    for (const text of ['CN=Contoso Issuing CA', 'AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12', 'RSA 2048', 'Auto-renews, 30 days before expiry', 'Within 30 days']) expect(panel.textContent).toContain(text);
    expect(document.activeElement).toBe(within(panel).getByRole('button', { name: 'Save .pem' }));
    await user.keyboard('{Enter}');
    await flush();
    expect(fake.callsTo('cert:savePublic')).toEqual([{ vault: 'kv-contoso', name: 'wildcard-contoso-web', format: 'pem' }]);
    expect(within(panel).getByRole('status').textContent).toBe('Saved as wildcard-contoso-web.pem (PEM).');
    await user.click(within(panel).getByRole('button', { name: 'Open in the access window' }));
    expect(fake.callsTo('window:openMain')).toEqual([{ tab: 'certificates' }]);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'wildcard-contoso-web' })).toBeNull();
    expect(document.activeElement).toBe(combobox());
    // No copy, reveal or favourite reaches main for a certificate (its addressable secret shares the name).
    await user.keyboard('{Control>}d{/Control}{Shift>}{Enter}{/Shift}');
    expect(fake.callsTo('vault:setFavourite')).toEqual([]);
    expect(fake.callsTo('vault:copy')).toEqual([]);
    expect(fake.callsTo('vault:reveal')).toEqual([]);
  });

  it('a pending certificate offers nothing to save; a renewal announced by main shows without reopening the popup', async () => {
    const data = withCertificates();
    const { user, fake } = await renderApp({ data });
    await user.click(combobox());
    await user.keyboard('{Alt>}2{/Alt}');
    await user.type(combobox(), 'vpn');
    await user.keyboard('{Enter}');
    const panel = screen.getByRole('region', { name: 'vpn-portal-csr' });
    expect(within(panel).queryByRole('button', { name: 'Save .pem' })).toBeNull();
    expect(panel.textContent).toContain('Not issued yet');
    await user.keyboard('{Escape}');

    // Main re-read the certificate after the merge: the row loses its "Pending" badge at once.
    data.certificates!.items = data.certificates!.items.map((c) => (c.name === 'vpn-portal-csr' ? { ...c, pending: undefined, expiresOn: Date.now() + 365 * DAY, thumbprint: '00'.repeat(20) } : c));
    act(() => fake.emit('cert:catalog', { vault: 'kv-contoso', listing: 'listed' }));
    await flush();
    expect(within(rows('Certificates')[0]!).queryByText('Pending')).toBeNull();
    // Valid for a year: no urgency badge (the overview's badges stop at 90 days).
    expect(rows('Certificates')[0]!.querySelector('[data-badge]')).toBeNull();
  });

  it('says which vault\'s certificates could not be listed and when main tries again; the note leaves with the next listing', async () => {
    const data = withCertificates();
    const retryAt = new Date(2026, 11, 4, 10, 42).getTime();
    data.certificates!.vaults.push({ vault: 'kv-fabrikam', listing: 'failed', count: 0, error: { code: 'network', message: 'Could not reach vault "kv-fabrikam" (ECONNRESET).' }, retryAt });
    const { user, fake } = await renderApp({ data });
    await user.click(combobox());
    await user.keyboard('{Alt>}2{/Alt}');
    const note = screen.getByText(/^Certificates of kv-fabrikam could not be listed\. Trying again at /);
    expect(note.tagName).toBe('SUMMARY'); // one line; Key Vault's words unfold under it
    expect(note.closest('details')!.textContent).toContain('Could not reach vault "kv-fabrikam" (ECONNRESET).');
    data.certificates!.vaults = data.certificates!.vaults.map((v) => (v.vault === 'kv-fabrikam' ? { vault: 'kv-fabrikam', listing: 'listed', count: 0 } : v));
    act(() => fake.emit('cert:catalog', { vault: 'kv-fabrikam', listing: 'listed' }));
    await flush();
    expect(screen.queryByText(/could not be listed/)).toBeNull();
  });

  it('several vaults not listed: one line says how many, and the words for each vault unfold under it', async () => {
    const data = withCertificates();
    data.certificates!.vaults.push(
      { vault: 'kv-fabrikam', listing: 'failed', count: 0, error: { code: 'network', message: 'Could not reach vault "kv-fabrikam" (ECONNRESET).' } },
      { vault: 'kv-northwind', listing: 'failed', count: 0, error: { code: 'vault-forbidden-rbac', message: 'Access to vault "kv-northwind" was refused.' } },
    );
    const { user } = await renderApp({ data });
    await user.click(combobox());
    await user.keyboard('{Alt>}2{/Alt}');
    const note = screen.getByText('Certificates of 2 vaults could not be listed.');
    expect(note.tagName).toBe('SUMMARY');
    expect([...note.closest('details')!.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      'kv-fabrikam: Could not reach vault "kv-fabrikam" (ECONNRESET).',
      'kv-northwind: Access to vault "kv-northwind" was refused.',
    ]);
  });
});
