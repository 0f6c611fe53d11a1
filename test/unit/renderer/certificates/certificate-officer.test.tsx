import { cleanup, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OPERATION_POLL_MS } from '../../../../renderer/src/certificates/certificate-operation.js';
import type { CertificateCatalogDto, CertificateItemDto, CertificateOperationDto } from '../../../../shared/domain/certificates.js';
import { demoData, type FakeData } from '../fake-bridge.js';
import { advance, flush, renderApp } from '../render-app.js';

const VAULT = 'kv-contoso-web';

function cert(partial: Partial<CertificateItemDto> & { name: string }): CertificateItemDto {
  return { key: `${VAULT}/${partial.name}`, vault: VAULT, subject: `CN=${partial.name}.contoso.example`, issuerName: 'Self', keyType: 'RSA 2048', contentType: 'application/x-pkcs12', exportable: true, expiresOn: Date.now() + 40 * 86_400_000, renewal: 'auto', ...partial };
}

function withCertificates(items: CertificateItemDto[]): FakeData {
  const data = demoData();
  const catalog: CertificateCatalogDto = { items, vaults: [{ vault: VAULT, listing: 'listed', count: items.length, listedAt: Date.now() }] };
  data.certificates = catalog;
  return data;
}

async function openRow(user: { click(e: Element): Promise<void> }, name: string) {
  await user.click(screen.getByRole('button', { name: new RegExp(`^${name}`) }));
  await flush();
  return screen.getByLabelText(`Details of ${name}`);
}

/**
 * The officer UI of the Certificates tab (issue 14b) against the contract-typed fake bridge: who sees
 * officer buttons (Key Vault's answer to `cert:officerAccess`), create from a template, following a
 * pending request to its end, merge and its refusal, renewal, delete with confirmation, contacts,
 * the deleted list, and "copy PEM private key" that never receives the key.
 */
describe('certificates: officer actions', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('a Certificate User (Key Vault refuses the officer check) sees no officer button, and is told which role it takes', async () => {
    const data = withCertificates([cert({ name: 'rdp-gateway' }), cert({ name: 'api-pem', contentType: 'application/x-pem-file' })]);
    data.officerAccess = (vault) => ({ vault, officer: false, reason: { code: 'vault-forbidden-rbac', message: 'needs Key Vault Certificates Officer' } });
    const { user, fake } = await renderApp({ view: 'main', tab: 'certificates', data });
    await flush();
    expect(fake.callsTo('cert:officerAccess')).toEqual([{ vault: VAULT }]);
    expect(screen.queryByRole('region', { name: 'Officer tools' })).toBeNull();
    const details = await openRow(user, 'rdp-gateway');
    for (const label of ['Renew now', 'Delete…', 'Renewal…', 'Pending request']) expect(within(details).queryByRole('button', { name: label })).toBeNull();
    expect(details.textContent).toContain('need the Key Vault Certificates Officer role');
    expect(within(details).queryByRole('button', { name: 'Copy PEM private key' })).toBeNull(); // PKCS#12: nothing to copy as PEM
    const pem = await openRow(user, 'api-pem');
    expect(within(pem).queryByRole('button', { name: 'Copy PEM private key' })).not.toBeNull();
  });

  it('copy PEM private key: main copies it (clipboard policy), the renderer gets only when it clears', async () => {
    const data = withCertificates([cert({ name: 'api-pem', contentType: 'application/x-pem-file' })]);
    const { user, fake } = await renderApp({ view: 'main', tab: 'certificates', data });
    const details = await openRow(user, 'api-pem');
    await user.click(within(details).getByRole('button', { name: 'Copy PEM private key' }));
    await flush();
    expect(fake.callsTo('cert:copyPrivateKey')).toEqual([{ vault: VAULT, name: 'api-pem' }]);
    expect(within(details).getByRole('status').textContent).toMatch(/^Private key copied \(PEM\)\. The clipboard is cleared in \d+ s\.$/);
    expect(document.body.textContent).not.toMatch(/PRIVATE KEY-----/);
  });

  it('an officer creates an EC certificate from the template and follows the request to "Issued"', async () => {
    const data = withCertificates([cert({ name: 'rdp-gateway' })]);
    const { user, fake } = await renderApp({ view: 'main', tab: 'certificates', data });
    await flush();
    const tools = screen.getByRole('group', { name: `Officer tools for ${VAULT}` });
    await user.click(within(tools).getByRole('button', { name: 'New certificate…' }));
    const form = screen.getByRole('form', { name: `New certificate in ${VAULT}` });
    await user.type(within(form).getByLabelText('Certificate name'), 'shop-contoso');
    await user.type(within(form).getByLabelText('DNS names (SANs)'), 'shop.contoso.example, www.shop.contoso.example');
    await user.selectOptions(within(form).getByLabelText('Key'), 'EC P-384');
    await user.selectOptions(within(form).getByLabelText('Content type'), 'application/x-pem-file');
    await user.clear(within(form).getByLabelText('Validity (months)'));
    await user.type(within(form).getByLabelText('Validity (months)'), '6');
    let status: CertificateOperationDto['status'] = 'inProgress';
    fake.handle('cert:operation', ({ vault, name }) => ({ vault, name, status, issuerName: 'Self' }));
    await user.click(within(form).getByRole('button', { name: 'Create certificate' }));
    await flush();
    expect(fake.callsTo('cert:create')).toEqual([
      {
        vault: VAULT,
        name: 'shop-contoso',
        template: { issuer: 'Self', subject: 'CN=shop.contoso.example', dnsNames: ['shop.contoso.example', 'www.shop.contoso.example'], emails: [], keyType: 'EC', curve: 'P-384', validityMonths: 6, contentType: 'application/x-pem-file', exportable: true },
      },
    ]);
    const follower = screen.getByRole('region', { name: 'Pending request of shop-contoso' });
    expect(within(follower).getByRole('status').textContent).toMatch(/issued by itself \(self-signed\)/);
    expect(within(follower).queryByRole('progressbar')).not.toBeNull();
    await advance(OPERATION_POLL_MS);
    expect(fake.callsTo('cert:operation').length).toBe(1); // still in progress: asked again
    status = 'completed';
    await advance(OPERATION_POLL_MS);
    expect(within(follower).getByRole('status').textContent).toBe('Issued: the new version is in the list.');
    expect(within(follower).queryByRole('progressbar')).toBeNull();
    expect(fake.callsTo('cert:refresh')).toEqual([{ vault: VAULT }]); // the row shows the issued version now, not at the next listing
    const calls = fake.callsTo('cert:operation').length;
    await advance(OPERATION_POLL_MS * 3);
    expect(fake.callsTo('cert:operation').length).toBe(calls); // done: no more polling
    expect((await axe.run(follower)).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  it('the form refuses a bad name in words; Key Vault\'s refusal of the template is shown as it said it', async () => {
    const data = withCertificates([]);
    const { user, fake } = await renderApp({ view: 'main', tab: 'certificates', data });
    await flush();
    await user.click(screen.getByRole('button', { name: 'New certificate…' }));
    const form = screen.getByRole('form', { name: `New certificate in ${VAULT}` });
    await user.type(within(form).getByLabelText('Certificate name'), 'bad name!');
    await user.type(within(form).getByLabelText('Subject'), 'CN=x.contoso.example');
    await user.click(within(form).getByRole('button', { name: 'Create certificate' }));
    expect(within(form).getByRole('alert').textContent).toContain('letters, digits and dashes');
    expect(fake.callsTo('cert:create')).toEqual([]);
    await user.clear(within(form).getByLabelText('Certificate name'));
    await user.type(within(form).getByLabelText('Certificate name'), 'x-contoso');
    fake.fail('cert:create', 'item-unsupported', 'Key Vault refused this for certificate "x-contoso" in vault "kv-contoso-web": Issuer not found');
    await user.click(within(form).getByRole('button', { name: 'Create certificate' }));
    await flush();
    expect(within(form).getByRole('alert').textContent).toContain('Issuer not found');
  });

  it('a pending CSR: save the request, a wrong chain gets Key Vault\'s words, the right one merges; cancel is offered', async () => {
    const data = withCertificates([cert({ name: 'vpn-portal-csr', pending: true, issuerName: 'Unknown', expiresOn: undefined })]);
    const { user, fake } = await renderApp({ view: 'main', tab: 'certificates', data });
    fake.handle('cert:operation', ({ vault, name }) => ({ vault, name, status: 'inProgress', issuerName: 'Unknown', csrPem: '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n' }));
    const details = await openRow(user, 'vpn-portal-csr');
    await flush();
    const follower = within(details).getByRole('region', { name: 'Pending request of vpn-portal-csr' });
    expect(within(follower).getByRole('status').textContent).toContain('save the request (CSR)');
    await user.click(within(follower).getByRole('button', { name: 'Save request (.csr)' }));
    await flush();
    expect(fake.callsTo('cert:saveCsr')).toEqual([{ vault: VAULT, name: 'vpn-portal-csr' }]);
    expect(follower.textContent).toContain('Request saved as vpn-portal-csr.csr.');
    expect(within(follower).queryByRole('button', { name: 'Cancel request' })).not.toBeNull();
    const merge = within(follower).getByRole('button', { name: 'Merge signed certificate' }) as HTMLButtonElement;
    expect(merge.disabled).toBe(true); // nothing pasted yet
    await user.click(within(follower).getByLabelText(/Signed certificate/));
    await user.paste('-----BEGIN CERTIFICATE-----\nMIIwrong\n-----END CERTIFICATE-----');
    fake.fail('cert:merge', 'item-unsupported', 'Key Vault refused this for certificate "vpn-portal-csr" in vault "kv-contoso-web": Public key from x5c does not match the pending key');
    await user.click(merge);
    await flush();
    expect(within(follower).getByRole('alert').textContent).toContain('does not match');
    fake.succeed('cert:merge');
    await user.click(merge);
    await flush();
    expect(within(follower).getByRole('status').textContent).toBe('Issued: the new version is in the list.');
    expect(fake.callsTo('cert:merge').at(-1)).toMatchObject({ vault: VAULT, name: 'vpn-portal-csr', chainPem: expect.stringContaining('MIIwrong') });
    expect(within(details).queryByRole('button', { name: 'Renew now' })).not.toBeNull();
  });

  it('a second click on Renew now while the first is under way sends nothing (one renew, not two)', async () => {
    const { user, fake } = await renderApp({ view: 'main', tab: 'certificates', data: withCertificates([cert({ name: 'rdp-gateway' })]) });
    const details = await openRow(user, 'rdp-gateway');
    let answer: (value: { vault: string; name: string; status: 'inProgress'; issuerName: string }) => void = () => undefined;
    fake.handle('cert:renew', ({ vault, name }) => new Promise((resolve) => (answer = () => resolve({ vault, name, status: 'inProgress', issuerName: 'Self' }))));
    const renew = within(details).getByRole('button', { name: 'Renew now' });
    await user.click(renew);
    await user.click(renew);
    expect(fake.callsTo('cert:renew')).toHaveLength(1);
    answer({ vault: VAULT, name: 'rdp-gateway', status: 'inProgress', issuerName: 'Self' });
    await flush();
    expect(fake.callsTo('cert:renew')).toHaveLength(1);
  });

  it('renewal at a percentage of the lifetime, delete after a second click, contacts and recover from the deleted list', async () => {
    const data = withCertificates([cert({ name: 'rdp-gateway' })]);
    data.officerAccess = (vault) => ({ vault, officer: true, contacts: [{ email: 'pki@contoso.example', name: 'PKI team' }] });
    const { user, fake } = await renderApp({ view: 'main', tab: 'certificates', data });
    const details = await openRow(user, 'rdp-gateway');
    await user.click(within(details).getByRole('button', { name: 'Renewal…' }));
    const renewal = within(details).getByRole('form', { name: 'Renewal of rdp-gateway' });
    await user.selectOptions(within(renewal).getByLabelText('When it nears expiry'), 'EmailContacts');
    await user.selectOptions(within(renewal).getByLabelText('Trigger'), 'percent');
    await user.clear(within(renewal).getByLabelText('Percent'));
    await user.type(within(renewal).getByLabelText('Percent'), '85');
    await user.click(within(renewal).getByRole('button', { name: 'Save renewal' }));
    await flush();
    expect(fake.callsTo('cert:setRenewal')).toEqual([{ vault: VAULT, name: 'rdp-gateway', action: 'EmailContacts', lifetimePercentage: 85 }]);
    expect(details.textContent).toContain("Key Vault will e-mail the vault's contacts at 85 % of its lifetime.");

    await user.click(within(details).getByRole('button', { name: 'Delete…' }));
    expect(fake.callsTo('cert:delete')).toEqual([]); // the first click only asks
    await user.click(within(details).getByRole('button', { name: 'Confirm: delete rdp-gateway' }));
    await flush();
    expect(fake.callsTo('cert:delete')).toEqual([{ vault: VAULT, name: 'rdp-gateway' }]);

    const tools = screen.getByRole('group', { name: `Officer tools for ${VAULT}` });
    await user.click(within(tools).getByRole('button', { name: 'Contacts (1)' }));
    const box = within(tools).getByLabelText(/Certificate contacts of/) as HTMLTextAreaElement;
    expect(box.value).toBe('pki@contoso.example, PKI team');
    await user.type(box, '\nsara@contoso.example');
    await user.click(within(tools).getByRole('button', { name: 'Save contacts' }));
    await flush();
    expect(fake.callsTo('cert:setContacts')).toEqual([{ vault: VAULT, contacts: [{ email: 'pki@contoso.example', name: 'PKI team' }, { email: 'sara@contoso.example' }] }]);

    fake.handle('cert:deleted', ({ vault }) => [{ vault, name: 'rdp-gateway', deletedOn: Date.now() }]);
    await user.click(within(tools).getByRole('button', { name: 'Deleted certificates' }));
    await flush();
    await user.click(within(tools).getByRole('button', { name: 'Recover rdp-gateway' }));
    await flush();
    expect(fake.callsTo('cert:recover')).toEqual([{ vault: VAULT, name: 'rdp-gateway' }]);
    expect(tools.textContent).toContain('Recovered "rdp-gateway"');
  });

  it('asks Key Vault again when the vault unlocks (an officer role from a PIM group counts only while active)', async () => {
    const data = withCertificates([cert({ name: 'rdp-gateway' })]);
    let officer = false;
    data.officerAccess = (vault) => (officer ? { vault, officer: true, contacts: [] } : { vault, officer: false, reason: { code: 'vault-forbidden-rbac', message: 'no role' } });
    const { fake } = await renderApp({ view: 'main', tab: 'certificates', data });
    await flush();
    expect(screen.queryByRole('group', { name: `Officer tools for ${VAULT}` })).toBeNull();
    officer = true;
    fake.emit('session:unlocked', { vault: VAULT, endsAt: Date.now() + 3_600_000, at: Date.now() });
    await flush();
    expect(screen.queryByRole('group', { name: `Officer tools for ${VAULT}` })).not.toBeNull();
  });
});
