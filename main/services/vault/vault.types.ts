import type { AppError, AppErrorCode } from '../errors.js';
import type { AccessSession } from '../session/access-session.js';
import type { ClipboardPolicy } from '../clipboard/clipboard-policy.js';
import type { CatalogItemDto, SecretMetadataDto, SecretVersionDto } from '../../../shared/domain/types.js';

/**
 * Types shared by the vault catalog, search and VaultService. Everything here is names and
 * metadata; no type in this file can hold a secret value (only `RevealResult` does, and it is
 * returned once and never stored).
 */

/** What VaultService needs from AccessSession (the real class satisfies it). */
export type VaultAccessGate = Pick<AccessSession, 'assertUnlocked' | 'isUnlocked' | 'signalFor' | 'grants' | 'on'>;

/** What VaultService needs from ClipboardPolicy. */
export type SecretClipboard = Pick<ClipboardPolicy, 'writeSecret'>;

/** A signed-in account as VaultService needs it (AuthService's `SignedInAccount` satisfies it). */
export interface VaultAccount {
  /** MSAL homeAccountId: the key the TokenProvider takes. */
  accountId: string;
  tenantId: string;
  /** UPN, written to the audit journal. */
  username: string;
}

/** Where VaultService finds the signed-in accounts (AuthService satisfies it). */
export interface VaultAccountDirectory {
  accounts(): Promise<VaultAccount[]>;
}

/**
 * Persistence of favourites. Names only ("vault/secret-name" keys), never values; the settings
 * engineer's file store implements it.
 */
export interface FavouritesStore {
  load(): Promise<string[]>;
  save(names: string[]): Promise<void>;
}

export type { StalenessFlag } from '../../../shared/domain/types.js';

/** A secret's (or version's) attributes: the shared DTO is the one declaration (as PIM does). */
export type SecretMetadata = SecretMetadataDto;

/** One secret in the catalog (metadata only): the shared DTO. */
export type CatalogItem = CatalogItemDto;

/** Access to a vault as the catalog sees it. */
export type VaultAccessState =
  /** No PIM group: listable whenever its tenant's account is signed in. */
  | 'standing'
  /** PIM vault with an active grant. */
  | 'unlocked'
  /** PIM vault without a grant: listed through standing rights (Key Vault Reader) if any, else names from an earlier listing. */
  | 'locked';

/** Listing progress of one vault. */
export type VaultListingState = 'idle' | 'listing' | 'listed' | 'failed';

/** The catalog's view of one configured vault. */
export interface VaultStatus {
  name: string;
  displayName?: string;
  customer?: string;
  pimGroupId?: string;
  access: VaultAccessState;
  listing: VaultListingState;
  /** Items currently held for this vault (locked name placeholders included). */
  itemCount: number;
  /** When the last complete listing finished (epoch ms). */
  listedAt?: number;
  /**
   * The items shown are not this session's own listing — restored from the encrypted catalog cache
   * (until the refresh replaces them), or names kept from an earlier listing (listing refused, or
   * locked before re-listing) — and this is when that listing completed ("names as of").
   */
  namesAsOf?: number;
  /** When the session grant for this vault ends (null: standing grant); absent when not unlocked. */
  endsAt?: number | null;
  /** Why the last listing failed. */
  error?: { code: AppErrorCode; message: string };
}

/** A search result with where the query occurs in the name ([start, end] inclusive, for highlighting). */
export interface SearchHit {
  item: CatalogItem;
  nameMatches: [number, number][];
}

/** Catalog stream events, in the order things happen. */
export type CatalogEvent =
  /** One page of a vault's listing arrived (`items` are that page's secrets, already merged into the catalog). */
  | { type: 'page'; vault: string; page: number; items: CatalogItem[] }
  /** A vault's listing reached the end; its entries were replaced by exactly `count` items. */
  | { type: 'listed'; vault: string; count: number; at: number }
  /** A vault's listing failed; entries from an earlier listing are kept. */
  | { type: 'failed'; vault: string; error: { code: AppErrorCode; message: string } }
  /** A vault locked: its entries became name-only placeholders (or were dropped on sign-out/quit). */
  | { type: 'locked'; vault: string }
  /** Something in the catalog changed (any of the above, favourites, settings). */
  | { type: 'changed' };

/**
 * The catalog's events by name (the TypedEmitter model): one 'catalog' stream, since its consumers
 * (the snapshot, the event forwarder) depend on the order of pages, listings and changes across kinds.
 */
export interface CatalogEvents extends Record<string, unknown> {
  catalog: CatalogEvent;
}

/** Result of `copy`: when the clipboard will be cleared. Never the value. */
export interface CopyResult {
  clearsAt: number;
}

/** Result of `reveal`: the value, handed out once, and when the UI must hide it. */
export interface RevealResult {
  value: string;
  hideAt: number;
}

/** One version of a secret (metadata only). */
export type SecretVersionInfo = SecretVersionDto;

/** A secret addressed by vault and name. */
export interface SecretRef {
  vault: string;
  name: string;
}

/** Outcome of `refresh`. */
export interface RefreshSummary {
  listed: string[];
  failed: { vault: string; error: AppError }[];
  /** Vaults not listed (none today: every configured vault is tried, whatever its lock state). */
  skipped: string[];
}
