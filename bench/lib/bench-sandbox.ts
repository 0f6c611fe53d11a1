import { readFileSync, rmSync } from 'node:fs';
import type { ReadyInfo } from '../../sandbox/ready-info.js';
import { adminCall, makeStateDir, spawnSandbox } from '../../test/helpers/sandbox.js';

/** A sandbox running in its own process (its CPU work does not share the benchmark's event loop). */
export interface BenchSandbox {
  readonly info: ReadyInfo;
  /** CPU time (user + system, ms) the sandbox process has used so far (Linux /proc; NaN elsewhere). */
  cpuMs(): number;
  /** Calls the admin API; throws on a non-2xx answer (a benchmark must not measure a broken set-up). */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Request-log entries since the last `clearLog` (method, path, status, service; never bodies). */
  requests(): Promise<RequestLogEntry[]>;
  clearLog(): Promise<void>;
  stop(): Promise<void>;
}

/** One entry of `GET /_admin/requests`. */
export interface RequestLogEntry {
  /** Sandbox clock (ISO) when the response finished. */
  time: string;
  service: 'entra' | 'graph' | 'vault' | 'admin';
  vault?: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  fault?: string;
}

/**
 * Starts the sandbox CLI (`sandbox/cli.ts --json`) with a fresh state directory, optionally from
 * `seedPath`, then applies `settings` through the admin API.
 */
export async function startBenchSandbox(options: { seedPath?: string; settings?: Record<string, unknown> } = {}): Promise<BenchSandbox> {
  const stateDir = makeStateDir();
  const spawned = await spawnSandbox(['--state-dir', stateDir, '--reset', ...(options.seedPath ? ['--seed', options.seedPath] : [])]);
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await adminCall<T>(spawned.info, method, path, body);
    if (response.status < 200 || response.status > 299) throw new Error(`admin ${method} ${path}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  if (options.settings) await admin('PATCH', '/settings', options.settings);
  return {
    info: spawned.info,
    cpuMs: () => processCpuMs(spawned.process.pid),
    admin,
    async requests() {
      const log = await admin<{ entries: RequestLogEntry[] }>('GET', '/requests');
      return log.entries.filter((e) => e.service !== 'admin');
    },
    async clearLog() {
      await admin('DELETE', '/requests');
    },
    async stop() {
      await spawned.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** utime + stime of a process from /proc/<pid>/stat (clock ticks of 10 ms on Linux), in ms. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    // The command name (field 2) may contain spaces: fields are counted after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}
