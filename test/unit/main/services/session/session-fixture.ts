import { ClipboardPolicy } from '../../../../../main/services/clipboard/clipboard-policy.js';
import { AccessSession, type AccessSessionDeps, type AccessSessionEvents } from '../../../../../main/services/session/access-session.js';
import { FakeClipboard } from '../../../../helpers/fakes/clipboard.fake.js';
import { FakeNotifier } from '../../../../helpers/fakes/notifier.fake.js';
import { FakePowerEvents } from '../../../../helpers/fakes/power-events.fake.js';
import { FakeTokenProvider } from '../../../../helpers/fakes/token-provider.fake.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';
import { RecordingAuditLog } from '../../../../helpers/fakes/audit-log.fake.js';

export const minute = 60_000;
export const hour = 60 * minute;

/** An AccessSession wired to a ManualClock and in-memory fakes, recording every event it emits. */
export function sessionFixture(overrides: Partial<AccessSessionDeps> = {}) {
  const clock = new ManualClock();
  const power = new FakePowerEvents();
  const clipboard = new FakeClipboard();
  const clipboardPolicy = new ClipboardPolicy({ clipboard, clock, clearAfterMs: 30_000 });
  const tokens = new FakeTokenProvider({ clock });
  const notifier = new FakeNotifier();
  const journal = new RecordingAuditLog();
  const session = new AccessSession({
    clock,
    power,
    clipboardPolicy,
    tokens,
    notifier,
    journal,
    warnBeforeExpiryMs: 5 * minute,
    idleLockMs: 15 * minute,
    ...overrides,
  });
  const locked: AccessSessionEvents['locked'][] = [];
  const expiring: AccessSessionEvents['expiring'][] = [];
  session.on('locked', (e) => locked.push(e));
  session.on('expiring', (e) => expiring.push(e));
  /** A PIM grant for `vault` ending `ms` from now. */
  const grant = (vault: string, ms: number | null, accountId = 'acct-alice') => ({
    vault,
    accountId,
    groupId: `group-${vault}`,
    activationId: `act-${vault}`,
    endsAt: ms === null ? null : clock.now() + ms,
  });
  return { clock, power, clipboard, clipboardPolicy, tokens, notifier, journal, session, locked, expiring, grant };
}
