import type { VaultStatusDto } from '../../../shared/domain/types.js';
import { useApp, useServices } from '../state/services-context.js';

/** Why the quick lookup holds no secret at all, as one case per situation (tested as data). */
export type EmptyCatalogReason =
  | { kind: 'no-vaults' }
  | { kind: 'listing'; vaults: string[] }
  | {
      kind: 'explained';
      /** Listed, and they hold no secret (standing Key Vault Reader, or unlocked). */
      empty: string[];
      /** Listing refused while locked, no names kept: names come with the first access. */
      waiting: string[];
      /** Listing failed for another reason: each with Key Vault's (or the network's) words. */
      failed: { vault: string; message: string }[];
    };

const FORBIDDEN = new Set(['vault-forbidden-rbac', 'vault-forbidden-policy', 'vault-locked', 'not-signed-in']);

/** A vault's label as the user knows it. */
const label = (v: VaultStatusDto) => v.displayName ?? v.name;

/**
 * Sorts the configured vaults into what the empty popup must say: a vault listed through a standing
 * Key Vault Reader (or unlocked) that holds nothing is empty — not waiting for access; a locked vault
 * whose listing was refused gets its names with the first access; any other failure is said as is.
 */
export function emptyCatalogReason(vaults: readonly VaultStatusDto[]): EmptyCatalogReason {
  if (vaults.length === 0) return { kind: 'no-vaults' };
  const listing = vaults.filter((v) => v.listing === 'listing' || (v.listing === 'idle' && v.listedAt === undefined && !v.error));
  if (listing.length > 0) return { kind: 'listing', vaults: listing.map(label) };
  const reason: Extract<EmptyCatalogReason, { kind: 'explained' }> = { kind: 'explained', empty: [], waiting: [], failed: [] };
  for (const vault of vaults) {
    if (!vault.error) reason.empty.push(label(vault));
    else if (vault.access === 'locked' && FORBIDDEN.has(vault.error.code)) reason.waiting.push(label(vault));
    else reason.failed.push({ vault: label(vault), message: vault.error.message });
  }
  return reason;
}

/** "a", "a and b", "a, b and c". */
function joined(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * The popup's words when no secret is known: what is true for each vault (listing, empty, waiting for
 * a first access, failed), with the one button that helps — never "names come with access" for a
 * vault the user can already list.
 */
export function EmptyCatalogHint() {
  const { bridge } = useServices();
  const vaults = useApp((s) => s.state?.vaults);
  if (!vaults) return null;
  const reason = emptyCatalogReason(vaults);
  if (reason.kind === 'no-vaults') {
    return (
      <div className="empty-hint">
        <p>No vaults are set up in JIT Vault yet. Add your Key Vaults in the settings (or ask your administrator for the settings file).</p>
        <button type="button" onClick={() => void bridge.window.openMain({ tab: 'settings' })}>
          Open the settings
        </button>
      </div>
    );
  }
  if (reason.kind === 'listing') {
    return (
      <div className="empty-hint" role="status">
        <p>Listing the secret names of {joined(reason.vaults)}…</p>
      </div>
    );
  }
  const { empty, waiting, failed } = reason;
  return (
    <div className="empty-hint">
      {empty.length > 0 ? <p>{`${joined(empty)} ${empty.length === 1 ? 'holds' : 'hold'} no secrets yet. Secrets added in Key Vault appear here on the next refresh.`}</p> : null}
      {waiting.length > 0 ? (
        <p>{`JIT Vault learns the secret names of ${joined(waiting)} the first time you have access to ${waiting.length === 1 ? 'it' : 'them'} (a standing Key Vault Reader role shows them at once). Request access in the access window to start.`}</p>
      ) : null}
      {failed.map((f) => (
        <p key={f.vault}>{`Could not list ${f.vault}: ${f.message}`}</p>
      ))}
      {waiting.length > 0 ? (
        <button type="button" onClick={() => void bridge.window.openMain({ tab: 'access' })}>
          Open the access window
        </button>
      ) : null}
    </div>
  );
}
