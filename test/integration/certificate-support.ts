import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from '../../main/adapters/system-clock.js';
import { CertificateExport } from '../../main/services/certificates/certificate-export.js';
import { CertificateOfficer } from '../../main/services/certificates/certificate-officer.js';
import { CertificateKeyCopy } from '../../main/services/certificates/certificate-key-copy.js';
import { AuditJournal } from '../../main/services/journal/audit-journal.js';
import type { SaveLocation, SaveRequest } from '../../main/services/ports/save-location.js';
import { MemorySecretStore } from '../helpers/fakes/secret-store.fake.js';
import { ClipboardPolicy } from '../../main/services/clipboard/clipboard-policy.js';
import { CertificateService, type CertificateServiceDeps } from '../../main/services/certificates/certificate.service.js';
import { AccessSession } from '../../main/services/session/access-session.js';
import type { VaultSettings } from '../../main/services/settings/settings.schema.js';
import { FakeClipboard } from '../helpers/fakes/clipboard.fake.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { RopcTokenProvider } from './vault-support.js';

/**
 * Set-up of the certificate service integration tests (not a test file): the REAL
 * @azure/keyvault-certificates SDK against the sandbox's vaults, tokens from the real msal-node
 * (ROPC), the real AccessSession. Nothing on the certificate path is faked.
 */
export async function wireCertificateService(sandbox: TestSandbox, vaults: VaultSettings[], overrides: Partial<CertificateServiceDeps> = {}) {
  const clock = new SystemClock();
  const tokens = new RopcTokenProvider(sandbox);
  const clipboard = new FakeClipboard();
  const clipboardPolicy = new ClipboardPolicy({ clipboard, clock, clearAfterMs: 30_000 });
  const session = new AccessSession({ clock, clipboardPolicy, tokens, warnBeforeExpiryMs: 300_000, idleLockMs: 0 });
  const service = new CertificateService({
    endpoints: { allowLoopback: true },
    vaults,
    tokens,
    accounts: tokens,
    session,
    clock,
    // The SDK's own retries would wait real seconds on a 5xx; classification is what is under test.
    client: { retryOptions: { maxRetries: 0 } },
    ...overrides,
  });
  const dir = mkdtempSync(join(tmpdir(), 'jit-vault-certs-'));
  const journalDir = join(dir, 'journal');
  const journal = new AuditJournal({ dir: journalDir, clock, keychain: new MemorySecretStore() });
  /** The "user" at the save dialog: answers `answer(request)` (a path in `dir`, or undefined = Cancel). */
  const saves: SaveRequest[] = [];
  const dialog = { answer: (request: SaveRequest): string | undefined => join(dir, request.defaultName) };
  const saveLocation: SaveLocation = {
    choose: async (request) => {
      saves.push(request);
      return dialog.answer(request);
    },
  };
  const exporter = new CertificateExport({ certificates: service, session, journal, saveLocation });
  const officer = new CertificateOfficer({ certificates: service, journal });
  const keyCopy = new CertificateKeyCopy({ certificates: service, session, clipboard: clipboardPolicy, journal });
  return {
    clock,
    tokens,
    session,
    service,
    exporter,
    officer,
    keyCopy,
    clipboard,
    journal,
    dir,
    saves,
    dialog,
    /** Every byte the journal wrote (for leak checks). */
    journalText: () => (existsSync(journalDir) ? readdirSync(journalDir) : []).map((f) => readFileSync(join(journalDir, f), 'utf8')).join('\n'),
    async close() {
      clipboardPolicy.dispose();
      service.dispose();
      await session.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
