import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTls } from '../../sandbox/tls/certificates.js';

/**
 * Vitest global setup: one sandbox CA for the whole run, trusted by every test worker through
 * NODE_EXTRA_CA_CERTS (Node reads it at process start, so it must be set before workers fork).
 * Test sandboxes copy this TLS material into their own state directories.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'jit-vault-test-tls-'));
  const tls = ensureTls(dir);
  process.env.NODE_EXTRA_CA_CERTS = tls.caCertPath;
  process.env.JIT_VAULT_TEST_TLS_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
