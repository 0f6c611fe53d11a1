import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One checked step of the self-test. */
export interface SelfTestStep {
  name: string;
  ok: boolean;
  detail?: string;
}

/** The JSON report `--self-test` writes (read by .github/workflows/desktop.yml). */
export interface SelfTestReport {
  ok: boolean;
  platform: NodeJS.Platform;
  arch: string;
  electron: string | undefined;
  steps: SelfTestStep[];
}

/** What the self-test drives: the started shell and core, through the same paths a user's clicks take. */
export interface SelfTestTarget {
  trayCreated(): boolean;
  openQuickLookup(): void;
  quickLookupVisible(): boolean;
  closeQuickLookup(): void;
  lock(): Promise<void>;
  unlockedVaults(): number;
}

/**
 * `--self-test[=report.json]`: the packaged app starts, creates its tray, opens and closes the quick
 * lookup, locks, and quits, writing a JSON report; CI runs it against the real Electron binary on
 * Windows, macOS and Linux (xvfb), where nothing else can click the tray.
 *
 * @returns the report path, or undefined when the flag is absent.
 */
export function selfTestReportPath(argv: readonly string[], defaultPath: string): string | undefined {
  for (const arg of argv) {
    if (arg === '--self-test') return defaultPath;
    if (arg.startsWith('--self-test=')) return arg.slice('--self-test='.length) || defaultPath;
  }
  return undefined;
}

/** Runs the steps; never throws (a failure is a step with ok: false). */
export async function runSelfTest(target: SelfTestTarget, waitForShown: () => Promise<void>): Promise<SelfTestStep[]> {
  const steps: SelfTestStep[] = [];
  const step = async (name: string, check: () => Promise<boolean> | boolean, detail?: string) => {
    try {
      const ok = await check();
      steps.push({ name, ok, ...(ok || !detail ? {} : { detail }) });
    } catch (error) {
      steps.push({ name, ok: false, detail: error instanceof Error ? error.message : String(error) });
    }
  };
  await step('start', () => true);
  await step('tray', () => target.trayCreated(), 'no tray icon was created');
  await step('quick-lookup-open', async () => {
    target.openQuickLookup();
    await waitForShown();
    return target.quickLookupVisible();
  }, 'the quick lookup did not become visible');
  await step('quick-lookup-close', () => {
    target.closeQuickLookup();
    return !target.quickLookupVisible();
  }, 'the quick lookup stayed visible');
  await step('lock', async () => {
    await target.lock();
    return target.unlockedVaults() === 0;
  }, 'vaults stayed unlocked');
  return steps;
}

/** Writes the report (quit is the caller's last step, recorded before writing). */
export function writeSelfTestReport(path: string, steps: SelfTestStep[], electronVersion: string | undefined): SelfTestReport {
  const report: SelfTestReport = { ok: steps.every((s) => s.ok), platform: process.platform, arch: process.arch, electron: electronVersion, steps };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
