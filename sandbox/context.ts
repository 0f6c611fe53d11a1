import type { SandboxClock } from './clock.js';
import type { TokenService } from './auth/token-service.js';
import type { FaultInjector } from './http/faults.js';
import type { RequestLog } from './http/request-log.js';
import type { SandboxStore } from './state/store.js';

/** Everything the sandbox's services share; built once by the server and passed to each router. */
export interface SandboxContext {
  readonly store: SandboxStore;
  readonly clock: SandboxClock;
  readonly tokens: TokenService;
  readonly faults: FaultInjector;
  readonly log: RequestLog;
  readonly adminKey: string;
  /** The state directory (CA files, signing keys, state.json). */
  readonly stateDir: string;
  /** Origins, known once listeners are bound. */
  readonly origins: {
    authority: string;
    graph: string;
    /** Plain-http loopback origin of the managed identity endpoints (IMDS and App Service). */
    identity: string;
    /** Origin of a vault by name (case-insensitive). */
    vault(name: string): string;
  };
}
