import type { AppCore } from '../main/core/app-core.js';

/** The root options every command may use (`jit-vault --settings FILE --identity …`). */
export interface GlobalOptions {
  settings?: string;
  identity?: boolean;
  clientId?: string;
}

/** What a command needs from the process: its streams and an abort signal for SIGINT. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stderrIsTTY: boolean;
  /** Aborted on the first SIGINT/SIGTERM (long waits stop; the process then exits 130). */
  signal: AbortSignal;
}

/** Opens the app core once per process, on first use. */
export class CoreHandle {
  private core: Promise<AppCore> | undefined;

  constructor(
    private readonly options: GlobalOptions,
    private readonly io: CliIo,
  ) {}

  get(): Promise<AppCore> {
    // Loaded on first use: the core pulls in MSAL, the Azure SDKs and the keychain binding, which
    // --help, completion and lock do not need.
    this.core ??= import('./user-core.js').then(({ openUserCore }) => openUserCore({ ...(this.options.settings ? { settings: this.options.settings } : {}), stderr: this.io.stderr }));
    return this.core;
  }
}
