import { cleanup, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { CertificateCatalogDto } from '../../../../shared/domain/certificates.js';
import { demoData } from '../fake-bridge.js';
import { flush, renderApp } from '../render-app.js';

const FILE_ID = '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';

function catalog(): CertificateCatalogDto {
  return {
    items: [{ key: 'kv-contoso-web/web02', vault: 'kv-contoso-web', name: 'web02', subject: 'CN=web02.example', expiresOn: Date.now() + 50 * 86_400_000 }],
    vaults: [
      { vault: 'kv-contoso-web', listing: 'listed', count: 1, listedAt: Date.now() },
      { vault: 'kv-contoso', listing: 'listed', count: 0, listedAt: Date.now() },
    ],
  };
}

async function openImport(officerIn: (vault: string) => boolean = () => true) {
  const data = demoData();
  data.certificates = catalog();
  data.officerAccess = (vault) => (officerIn(vault) ? { vault, officer: true, contacts: [] } : { vault, officer: false, reason: { code: 'vault-forbidden-rbac', message: 'Forbidden' } });
  const app = await renderApp({ view: 'main', tab: 'certificates', data });
  await flush();
  await app.user.click(screen.getByRole('button', { name: 'Import certificate…' }));
  return app;
}

/**
 * The import form of the Certificates tab against the fake bridge typed from the contract: main
 * chooses and holds the file (the form sees only its name, size and kind), the form sends vault,
 * name, file id and password; Key Vault's refusal is shown and a wrong password is typed again
 * without choosing the file again.
 */
describe('Import certificate (Certificates tab)', () => {
  afterEach(cleanup);

  it('chooses a PFX in main, proposes its name, imports into the chosen vault with the password, then re-reads the list', async () => {
    const { user, fake } = await openImport();
    const form = screen.getByRole('form', { name: 'Import a certificate' });
    expect(within(form).queryByLabelText('Certificate name')).toBeNull(); // nothing to name before a file is chosen
    await user.click(within(form).getByRole('button', { name: 'Choose file…' }));
    expect(within(form).getByText('web02.pfx · 4 kB · PFX (PKCS#12)')).toBeTruthy();
    expect((within(form).getByLabelText('Certificate name') as HTMLInputElement).value).toBe('web02');
    expect(within(form).getByText(/"web02" already exists in kv-contoso-web: the import becomes its new current version/)).toBeTruthy();
    await user.selectOptions(within(form).getByLabelText('Vault'), 'kv-contoso');
    expect(within(form).queryByText(/already exists/)).toBeNull();
    await user.type(within(form).getByLabelText('PFX password (empty if it has none)'), 'pfx-pass');
    const listsBefore = fake.callsTo('cert:list').length;
    await user.click(within(form).getByRole('button', { name: 'Import' }));
    await flush();
    expect(fake.callsTo('cert:import')).toEqual([{ vault: 'kv-contoso', name: 'web02', fileId: FILE_ID, password: 'pfx-pass' }]);
    expect(screen.getByText(/^Imported web02.pfx as "web02" in kv-contoso: CN=web02.example\.$/)).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Import a certificate' })).toBeNull();
    expect(fake.callsTo('cert:list').length).toBeGreaterThan(listsBefore);
  });

  it('a wrong password shows Key Vault\'s refusal and keeps the file: the right password imports the same file id', async () => {
    const { user, fake } = await openImport();
    const form = screen.getByRole('form', { name: 'Import a certificate' });
    await user.click(within(form).getByRole('button', { name: 'Choose file…' }));
    fake.fail('cert:import', 'item-unsupported', 'The password does not open "web02.pfx". Type the password it was exported with and import again (Key Vault: "The specified network password is not correct.").');
    await user.type(within(form).getByLabelText('PFX password (empty if it has none)'), 'wrong');
    await user.click(within(form).getByRole('button', { name: 'Import' }));
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('The password does not open "web02.pfx"');
    expect(within(form).getByText('web02.pfx · 4 kB · PFX (PKCS#12)')).toBeTruthy();
    fake.succeed('cert:import');
    const field = within(form).getByLabelText('PFX password (empty if it has none)');
    await user.clear(field);
    await user.type(field, 'right');
    await user.click(within(form).getByRole('button', { name: 'Import' }));
    await flush();
    expect(fake.callsTo('cert:import').map((a) => [a.fileId, a.password])).toEqual([
      [FILE_ID, 'wrong'],
      [FILE_ID, 'right'],
    ]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('Cancel asks main to drop the held file at once and closes the form', async () => {
    const { user, fake } = await openImport();
    const form = screen.getByRole('form', { name: 'Import a certificate' });
    await user.click(within(form).getByRole('button', { name: 'Choose file…' }));
    await user.click(within(form).getByRole('button', { name: 'Cancel' }));
    await flush();
    expect(fake.callsTo('cert:forgetImportFile')).toEqual([{ fileId: FILE_ID }]);
    expect(screen.queryByRole('form', { name: 'Import a certificate' })).toBeNull();
    expect(fake.callsTo('cert:import')).toEqual([]);
  });

  it('a PEM without a private key is said before import; a PEM with a plain key asks no password; a bad name is refused in words', async () => {
    const { user, fake } = await openImport();
    const form = screen.getByRole('form', { name: 'Import a certificate' });
    fake.handle('cert:chooseImportFile', () => ({ fileId: FILE_ID, fileName: 'public.pem', sizeBytes: 900, format: 'pem', pem: { certificates: 1, privateKey: 'none' }, suggestedName: 'public', heldUntil: Date.now() + 300_000 }));
    await user.click(within(form).getByRole('button', { name: 'Choose file…' }));
    expect(within(form).getByText('public.pem · 900 bytes · PEM: 1 certificate, no private key')).toBeTruthy();
    expect(within(form).getByText(/This PEM holds no private key/)).toBeTruthy();
    expect(within(form).queryByLabelText(/password/i)).toBeNull();
    const name = within(form).getByLabelText('Certificate name');
    await user.clear(name);
    await user.type(name, 'web 02.example');
    await user.click(within(form).getByRole('button', { name: 'Import' }));
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('A certificate name has 1 to 127 letters, digits and dashes');
    expect(fake.callsTo('cert:import')).toEqual([]);
  });

  it('a cancelled dialog changes nothing, and the open form has no axe violations', async () => {
    const { user, fake } = await openImport();
    fake.handle('cert:chooseImportFile', () => null);
    const form = screen.getByRole('form', { name: 'Import a certificate' });
    await user.click(within(form).getByRole('button', { name: 'Choose file…' }));
    expect(within(form).getByText('No file chosen.')).toBeTruthy();
    fake.handle('cert:chooseImportFile', () => ({ fileId: FILE_ID, fileName: 'enc.pem', sizeBytes: 3000, format: 'pem', pem: { certificates: 2, privateKey: 'encrypted' }, suggestedName: 'enc', heldUntil: Date.now() + 300_000 }));
    await user.click(within(form).getByRole('button', { name: 'Choose file…' }));
    expect(within(form).getByText('enc.pem · 3 kB · PEM: 2 certificates, encrypted private key')).toBeTruthy();
    fake.handle('cert:chooseImportFile', () => ({ fileId: FILE_ID, fileName: 'old.pem', sizeBytes: 2048, format: 'pem', pem: { certificates: 1, privateKey: 'plain', keyFormat: 'legacy' }, suggestedName: 'old', heldUntil: Date.now() + 300_000 }));
    await user.click(within(form).getByRole('button', { name: 'Choose another file…' }));
    expect(within(form).getByText('old.pem · 2 kB · PEM: 1 certificate, private key (older format: converted to PKCS#8 on import)')).toBeTruthy();
    fake.handle('cert:chooseImportFile', () => ({ fileId: FILE_ID, fileName: 'enc.pem', sizeBytes: 3000, format: 'pem', pem: { certificates: 2, privateKey: 'encrypted' }, suggestedName: 'enc', heldUntil: Date.now() + 300_000 }));
    await user.click(within(form).getByRole('button', { name: 'Choose another file…' }));
    expect(within(form).getByLabelText('Password of the private key')).toBeTruthy();
    const results = await axe.run(form, { resultTypes: ['violations'] });
    expect(results.violations.map((v) => `${v.id} (${v.impact})`)).toEqual([]);
  });

  it('is offered only in the vaults where the officer check passed, and not at all without one', async () => {
    const { user, fake } = await openImport((vault) => vault === 'kv-contoso-web');
    const form = screen.getByRole('form', { name: 'Import a certificate' });
    fake.handle('cert:chooseImportFile', () => ({ fileId: FILE_ID, fileName: 'shop.pfx', sizeBytes: 3000, format: 'pfx', suggestedName: 'shop', heldUntil: Date.now() + 300_000 }));
    await user.click(within(form).getByRole('button', { name: 'Choose file…' }));
    expect(within(form).getAllByRole('option').map((o) => o.textContent)).toEqual(['kv-contoso-web']);
    cleanup();
    const data = demoData();
    data.certificates = catalog();
    data.officerAccess = (vault) => ({ vault, officer: false, reason: { code: 'vault-forbidden-rbac', message: 'Forbidden' } });
    await renderApp({ view: 'main', tab: 'certificates', data });
    await flush();
    expect(screen.getByText('web02')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Import certificate…' })).toBeNull();
  });
});
