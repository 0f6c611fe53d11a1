/**
 * The names a vault's last complete listing held, and when. Used where listing is refused (no
 * standing Key Vault Reader, firewall, offline): the catalog then shows those names, marked
 * "names as of <date>", so a helpdesk engineer can still find the item and request access.
 * Names are metadata, never values. The in-memory store lives for the process; the encrypted
 * on-disk metadata cache (issue 16) implements the same port to keep them across restarts.
 */
export interface ListingMemory {
  /** Records the names of a complete listing of `vault` at `at` (epoch ms). */
  remember(vault: string, names: readonly string[], at: number): void;
  /** The last remembered listing of `vault`, if any. */
  recall(vault: string): RememberedListing | undefined;
  /** Forgets a vault (or every vault): sign-out, vault removed from the settings. */
  forget(vault?: string): void;
}

/** One remembered listing: names only, and when they were listed. */
export interface RememberedListing {
  names: readonly string[];
  /** When the listing completed (epoch ms): the "as of" date shown to the user. */
  at: number;
}

/** ListingMemory in process memory (the default; nothing on disk). */
export class InMemoryListingMemory implements ListingMemory {
  private readonly listings = new Map<string, RememberedListing>();

  remember(vault: string, names: readonly string[], at: number): void {
    this.listings.set(vault, { names: [...names], at });
  }

  recall(vault: string): RememberedListing | undefined {
    return this.listings.get(vault);
  }

  forget(vault?: string): void {
    if (vault === undefined) this.listings.clear();
    else this.listings.delete(vault);
  }
}
