import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startSandbox } from './server.js';
import { SeedError } from './seed/load-seed.js';

const USAGE = `Usage: npm run sandbox -- [--json] [--state-dir DIR] [--seed FILE] [--reset]

Starts the local Azure sandbox (Entra ID, Microsoft Graph PIM for Groups, Key Vault) on loopback.
  --json          print exactly one JSON line when ready (for scripts and tests)
  --state-dir DIR where the CA, signing key and state live (default ~/.local/state/jit-vault/sandbox)
  --seed FILE     seed file (default: the demo tenant, sandbox/seed/demo.json)
  --reset         start from the seed even if the state directory has state from it`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        json: { type: 'boolean', default: false },
        'state-dir': { type: 'string' },
        seed: { type: 'string' },
        reset: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // Signal handlers go in first: a stop request that arrives while the sandbox is still starting
  // must still end in a clean exit 0 once the listeners are up (and closed again).
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  let stopRequested = false;
  let closing = false;
  const stop = () => {
    stopRequested = true;
    if (!sandbox || closing) return;
    closing = true;
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const stateDir = resolve(values['state-dir'] ?? join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'jit-vault', 'sandbox'));
  try {
    sandbox = await startSandbox({ stateDir, ...(values.seed ? { seedPath: resolve(values.seed) } : {}), reset: values.reset });
  } catch (error) {
    const message = error instanceof SeedError ? error.message : `Cannot start the sandbox: ${(error as Error).message}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
  const { info } = sandbox;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(info)}\n`);
  } else {
    const lines = [
      'JIT Vault local Azure sandbox is ready.',
      `  Authority (Entra ID): ${info.authority}`,
      `  Tenants:              ${info.tenants.map((t) => `${t.displayName} (${t.tenantId})`).join(', ')}`,
      `  Client id:            ${info.clientId}`,
      `  Microsoft Graph:      ${info.graph}`,
      ...info.vaults.map((v) => `  Vault ${v.name.padEnd(24)} ${v.url}`),
      `  CA certificate:       ${info.caCertPath}   (export NODE_EXTRA_CA_CERTS=${info.caCertPath})`,
      `  Admin API:            ${info.admin.url}   (header x-sandbox-admin-key: ${info.admin.key})`,
      '  Users:',
      ...info.users.map((u) => `    ${u.role.padEnd(9)} ${u.username}  password: ${u.password}`),
      'Press Ctrl+C to stop.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (stopRequested) stop();
}

void main();
