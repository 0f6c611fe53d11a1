import type { CatalogCache } from '../catalog-cache/catalog-cache.js';
import type { EndpointPolicy } from '../../security/trusted-endpoints.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { TokenProvider } from '../ports/token-provider.js';
import type { VaultSettings } from '../settings/settings.schema.js';
import type { SearchIndexOptions } from '../../../shared/search/secret-search.index.js';
import type { ListingMemory } from './listing-memory.js';
import type { SecretClientTuning } from './secret-client.factory.js';
import type { StalenessPolicy } from './secret-staleness.js';
import type { TagConvention } from './tag-conventions.js';
import type { FavouritesStore, SecretClipboard, VaultAccessGate, VaultAccountDirectory } from './vault.types.js';

/** Dependencies of VaultService (ports and other services, by the narrow interfaces it uses). */
export interface VaultServiceDeps {
  vaults: readonly VaultSettings[];
  tokens: Pick<TokenProvider, 'getAccessToken'>;
  accounts: VaultAccountDirectory;
  session: VaultAccessGate;
  clipboard: SecretClipboard;
  journal: AuditLog;
  favourites: FavouritesStore;
  clock: Clock;
  /** Current reveal time (settings may change at runtime). */
  revealSeconds: () => number;
  logger?: Logger;
  staleness?: StalenessPolicy;
  search?: SearchIndexOptions;
  /** SDK transport / retry tuning (tests: short retry delays). */
  client?: SecretClientTuning;
  /** Which vault hosts may receive a token; default: Microsoft's clouds only (no loopback). */
  endpoints?: EndpointPolicy;
  /** Listing page size; Key Vault allows 1–25 (default 25). */
  pageSize?: number;
  /** How long after an unlock an RBAC 403 reads "granted but not yet effective" (default 10 min). */
  propagationGraceMs?: number;
  /** Encrypted catalog metadata on disk for a warm start (absent: no cache). */
  cache?: Pick<CatalogCache, 'load' | 'loadFirstScreen' | 'save' | 'clear'>;
  /** Recently used catalog keys, most recent first (the cache's first screen keeps them); absent: none. */
  recents?: () => Promise<readonly string[]>;
  /** Saves wait this long after a listing completes, so a start's listings make one write (default 2 s). */
  cacheSaveDelayMs?: number;
  /** Where complete listings are remembered for "names as of" (default: in memory). */
  listingMemory?: ListingMemory;
  /**
   * Confirms a PIM vault's activation is still live before each value read, locking it when not
   * (GrantLiveness). Absent: only the session's end time and the periodic re-sync decide.
   */
  liveness?: { assertLive(vault: string): Promise<void> };
  /** Which tags carry username, URL, host and notes (default: DEFAULT_TAG_CONVENTION). */
  tagConvention?: Partial<TagConvention>;
}
