import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPreview, type RunningPreview } from '../../../main/preview/preview-app.js';
import type { RunningSandbox } from '../../../sandbox/server.js';
import { adminCall } from '../../helpers/sandbox.js';
import { TLS_FILE_NAMES } from '../../../sandbox/tls/certificates.js';
import type { AppNotification } from '../../../main/services/ports/notifier.js';


/** A running `npm run preview` (in-process: same startPreview the CLI calls) on a fresh sandbox. */
export interface TestPreview {
  preview: RunningPreview;
  /** The page URL for a view: a fresh one-time launch link (token in the hash) with `?view=…`. */
  urlFor(view: 'main' | 'popup'): string;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * Starts the preview against a fresh sandbox whose TLS material is this run's test CA (which the
 * worker already trusts through NODE_EXTRA_CA_CERTS, set by test/helpers/global-setup.ts).
 */
export async function startTestPreview(rendererDir: string, options: { sandbox?: RunningSandbox; approvalPollMs?: number; notify?: (n: AppNotification) => void; saveDir?: string; importDir?: string } = {}): Promise<TestPreview> {
  const stateDir = mkdtempSync(join(tmpdir(), 'jit-vault-e2e-preview-'));
  const tlsDir = process.env.JIT_VAULT_TEST_TLS_DIR;
  if (!tlsDir) throw new Error('JIT_VAULT_TEST_TLS_DIR is not set: run through vitest (globalSetup).');
  mkdirSync(join(stateDir, 'sandbox'), { recursive: true });
  for (const file of TLS_FILE_NAMES) copyFileSync(join(tlsDir, file), join(stateDir, 'sandbox', file));
  // With `sandbox`, a second preview session (another user) on the first one's tenant.
  const preview = await startPreview({ stateDir, rendererDir, reset: true, notify: () => undefined, ...options });
  return {
    preview,
    // Each page opened needs its own link: tokens are one-time (a reload reuses the tab's next token).
    urlFor: (view) => {
      const link = new URL(preview.server.newLink());
      return `${link.origin}/${view === 'popup' ? '?view=popup' : ''}${link.hash}`;
    },
    async admin<T>(method: string, path: string, body?: unknown) {
      const answer = await adminCall<T>(preview.sandbox.info, method, path, body);
      if (answer.status >= 300) throw new Error(`admin ${method} ${path} → ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async close() {
      await preview.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
