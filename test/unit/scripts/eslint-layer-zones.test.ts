import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rule as `npm run lint` runs it: the real eslint.config.js, over fixture sources linted
// as if they stood at the given path. Each wrong import must fail with `layers/zones`; each allowed
// one must pass, so the rule cannot pass by forbidding everything either.
const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function zoneErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/zones').map((m) => m.message);
}

/** Deliberately wrong imports: [where the fixture stands, its source]. */
const wrong: [string, string][] = [
  ['main/services/vault/fixture.ts', "import type { AppCore } from '../../core/app-core.types.js';\nexport type X = AppCore;\n"],
  ['main/services/settings/fixture.ts', "import type { ReadyInfo } from '../../../sandbox/ready-info.js';\nexport type X = ReadyInfo;\n"],
  ['main/services/pim/fixture.ts', "export { ipcHandlers } from '../../ipc/handlers.js';\n"],
  ['main/services/auth/fixture.ts', "export async function f() {\n  return import('../../platform/tray-state.js');\n}\n"],
  ['main/ipc/fixture.ts', "import { TrayController } from '../platform/tray-controller.js';\nexport const x = TrayController;\n"],
  ['main/core/fixture.ts', "import * as shell from '../platform/desktop-shell.js';\nexport const x = shell;\n"],
  ['shared/domain/fixture.ts', "import type { Clock } from '../../main/services/ports/clock.js';\nexport type X = Clock;\n"],
  ['renderer/src/popup/fixture.ts', "import type { AppCore } from '../../../main/core/app-core.types.js';\nexport type X = AppCore;\n"],
  ['renderer/src/state/fixture.ts', "import type { ReadyInfo } from '../../../sandbox/ready-info.js';\nexport type X = ReadyInfo;\n"],
  ['main/services/vault/fixture-type-position.ts', "export type X = import('../../core/app-core.types.js').AppCore;\n"],
];

/** Imports the layers allow. */
const allowed: [string, string][] = [
  ['main/services/vault/fixture.ts', "import type { Clock } from '../ports/clock.js';\nimport type { ErrorCode } from '../../../shared/domain/types.js';\nexport type X = [Clock, ErrorCode];\n"],
  ['main/ipc/fixture.ts', "import type { AppCore } from '../core/app-core.types.js';\nexport type X = AppCore;\n"],
  ['main/platform/fixture.ts', "import { ipcHandlers } from '../ipc/handlers.js';\nexport const x = ipcHandlers;\n"],
  ['renderer/src/state/fixture.ts', "import { invokeChannels } from '../../../shared/ipc/contract.js';\nexport const x = invokeChannels;\n"],
];

describe('ESLint layer zones (eslint.config.js)', () => {
  it.each(wrong)('a wrong import in %s fails the lint', async (filePath, code) => {
    const errors = await zoneErrors(filePath, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${filePath} may not import`);
  });

  it.each(allowed)('an allowed import in %s passes', async (filePath, code) => {
    expect(await zoneErrors(filePath, code)).toEqual([]);
  });

  it('keeps electron out of the services (the older rule still applies beside the zones)', async () => {
    const [result] = await eslint.lintText("import { app } from 'electron';\nexport const x = app;\n", { filePath: path.join(root, 'main/services/fixture.ts') });
    expect(result?.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });
});
