import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { templatesByGroup } from '../../../../../main/services/settings/justification-templates.js';
import { SettingsInvalidError } from '../../../../../main/services/settings/settings-error.js';
import { SettingsService, type ConfiguredSettings } from '../../../../../main/services/settings/settings.service.js';

const TENANT = '182280d5-3a76-4ca2-b5fc-ac8edce86818';
const CLIENT = '53499df8-7fc8-40b0-ad2f-62304efbfa7b';
const SERVERS = '480CA4E5-1D02-4348-9047-4C462899391C';
const NETWORK = '5b0c7a5e-8d0e-4c5e-9a57-5c1f2f0e6a11';

let dir: string;
let settingsFile: string;
let service: SettingsService;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jit-templates-'));
  settingsFile = path.join(dir, 'user', 'settings.json');
  mkdirSync(path.dirname(settingsFile));
  service = new SettingsService({ settingsFile, policyFile: path.join(dir, 'machine', 'policy.json') });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(justificationTemplates: unknown): void {
  writeFileSync(settingsFile, JSON.stringify({ tenants: [{ tenantId: TENANT, clientId: CLIENT }], justificationTemplates }));
}

describe('justification templates per group (issue 13)', () => {
  it('the settings file takes shared sentences and { text, groups } for particular groups; the UI gets them split, ids lower-cased', async () => {
    write(['Helpdesk ticket: ', { text: 'Patch night on the servers', groups: [SERVERS] }, { text: 'Switch config change', groups: [NETWORK, SERVERS] }]);
    const loaded = (await service.load()) as ConfiguredSettings;
    expect(templatesByGroup(loaded.effective.settings.justificationTemplates)).toEqual({
      shared: ['Helpdesk ticket: '],
      perGroup: { [SERVERS.toLowerCase()]: ['Patch night on the servers', 'Switch config change'], [NETWORK]: ['Switch config change'] },
    });
  });

  it('a template for groups that names no group, or not a group id, is refused naming the field', async () => {
    write([{ text: 'x', groups: [] }, { text: 'y', groups: ['servers'] }]);
    const error = await service.load().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SettingsInvalidError);
    expect((error as SettingsInvalidError).issues).toEqual([
      { path: 'justificationTemplates[0].groups', message: 'must list at least one group id' },
      { path: 'justificationTemplates[1].groups[0]', message: 'must be a GUID' },
    ]);
  });
});
