import { readFile } from 'node:fs/promises';
import type { ReadyInfo } from '../../sandbox/ready-info.js';
import type { RunningSandbox, SandboxOptions } from '../../sandbox/server.js';
import type { DemoSandbox } from '../core/app-core.js';
import type { Logger } from '../services/ports/logger.js';
import { trustSandboxCaInNode, type SandboxTrust, type TlsModule } from './sandbox-trust.js';

/** The https origins a running sandbox serves: Entra (and the admin API), Graph, one per vault. */
export function sandboxOrigins(info: Pick<ReadyInfo, 'authority' | 'graph' | 'vaults' | 'tenants'>): string[] {
  const urls = [info.authority, info.graph, ...info.vaults.map((v) => v.url), ...info.tenants.map((t) => t.authority)];
  const origins = new Set<string>();
  for (const url of urls) {
    try {
      origins.add(new URL(url).origin);
    } catch {
      // a malformed URL in the ready info cannot be trusted anyway
    }
  }
  return [...origins];
}

/** Options of the launcher. */
export interface DemoSandboxLauncherOptions {
  /** Where the demo sandbox keeps its CA and state (under the user's JIT Vault directory). */
  stateDir: string;
  /** The demo seed (packaged builds ship it in resources; development uses sandbox/seed/demo.json). */
  seedPath?: string;
  /** node:tls, whose connect gets the scoped CA trust. */
  tls: TlsModule;
  logger: Logger;
  /** Replaces the sandbox import (tests). */
  startSandbox?: (options: SandboxOptions) => Promise<RunningSandbox>;
}

/**
 * Demo mode: with no settings file, the app core asks for a sandbox (AppCoreDeps.demoSandbox) and
 * this starts the bundled one on loopback, then trusts its CA for its own origins only (see
 * sandbox-trust.ts). The sandbox code is imported only here and only then, so a configured
 * installation never loads it.
 */
export class DemoSandboxLauncher {
  #running: RunningSandbox | undefined;
  #trust: SandboxTrust | undefined;
  #untrust: (() => void) | undefined;
  #starting: Promise<DemoSandbox> | undefined;

  constructor(private readonly options: DemoSandboxLauncherOptions) {}

  /** The running sandbox's CA and origins (undefined outside demo mode). */
  get trust(): SandboxTrust | undefined {
    return this.#trust;
  }

  /** Starts the sandbox once; later calls return the same one. */
  start(): Promise<DemoSandbox> {
    this.#starting ??= this.#start();
    return this.#starting;
  }

  async #start(): Promise<DemoSandbox> {
    const start = this.options.startSandbox ?? (await import('../../sandbox/server.js')).startSandbox;
    const running = await start({ stateDir: this.options.stateDir, ...(this.options.seedPath ? { seedPath: this.options.seedPath } : {}) });
    this.#running = running;
    this.#trust = { caPem: await readFile(running.info.caCertPath, 'utf8'), origins: sandboxOrigins(running.info) };
    this.#untrust = trustSandboxCaInNode(this.options.tls, this.#trust);
    this.options.logger.info('demo mode: bundled sandbox started', { origins: this.#trust.origins.length });
    return { info: running.info, seed: running.context.store.data };
  }

  /** Whether `url` is on one of the sandbox's origins. */
  isSandboxUrl(url: string): boolean {
    try {
      return this.#trust?.origins.includes(new URL(url).origin) ?? false;
    } catch {
      return false;
    }
  }

  /** Stops the sandbox and removes the CA trust (quit). */
  async close(): Promise<void> {
    this.#untrust?.();
    this.#untrust = undefined;
    await this.#running?.close();
    this.#running = undefined;
  }
}
