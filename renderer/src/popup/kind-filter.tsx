import type { LookupKind } from '../state/certificate-lookup.js';
import { useSearch, useServices } from '../state/services-context.js';
import { formatTime } from '../util/format.js';

const KINDS: { kind: LookupKind; label: string; shortcut: string }[] = [
  { kind: 'secrets', label: 'Secrets', shortcut: 'Alt+1' },
  { kind: 'certificates', label: 'Certificates', shortcut: 'Alt+2' },
];

/** Alt+1 / Alt+2 from the search box (by key position, so a Mac's ⌥1 "¡" switches too). */
export function kindForShortcut(event: { altKey: boolean; ctrlKey: boolean; metaKey: boolean; code: string }): LookupKind | undefined {
  if (!event.altKey || event.ctrlKey || event.metaKey) return undefined;
  return event.code === 'Digit1' ? 'secrets' : event.code === 'Digit2' ? 'certificates' : undefined;
}

/**
 * What the quick lookup searches: secrets (Enter copies) or certificates (Enter opens one). Shown
 * once the window knows a certificate (or a vault whose certificates could not be listed). Toggle buttons like the customer filter; Alt+1 /
 * Alt+2 from the search box do the same.
 */
export function KindFilter() {
  const { search, catalog } = useServices();
  const kind = useSearch((s) => s.kind);
  // Re-read when rows change (the certificates arrive with their own listing).
  useSearch((s) => s.rows);
  // Shown once there is something to say about certificates: some listed, or a vault that failed to list them.
  if (catalog.certificateCount === 0 && catalog.certificateListingFailures.length === 0 && kind === 'secrets') return null;
  return (
    <div className="kind-filter" role="group" aria-label="Search in">
      {KINDS.map((choice) => (
        <button key={choice.kind} type="button" aria-pressed={kind === choice.kind} aria-keyshortcuts={choice.shortcut} title={`${choice.label} (${choice.shortcut})`} onClick={() => search.getState().setKind(choice.kind)}>
          {choice.label}
        </button>
      ))}
    </div>
  );
}

/**
 * "2 certificates match" under the secrets (and "3 secrets match" under the certificates): a typed
 * host name finds its certificate without the user knowing which kind to look in.
 */
export function OtherKindHint() {
  const { search } = useServices();
  const kind = useSearch((s) => s.kind);
  const others = useSearch((s) => s.otherKindMatches);
  const query = useSearch((s) => s.shownQuery);
  if (others === 0 || query.trim() === '') return null;
  const other: LookupKind = kind === 'secrets' ? 'certificates' : 'secrets';
  const noun = other === 'certificates' ? (others === 1 ? 'certificate' : 'certificates') : others === 1 ? 'secret' : 'secrets';
  return (
    <p className="other-kind-hint">
      <button type="button" className="link-button" aria-keyshortcuts={other === 'certificates' ? 'Alt+2' : 'Alt+1'} onClick={() => search.getState().setKind(other)}>
        {`${others.toLocaleString()} ${noun} ${others === 1 ? 'matches' : 'match'} “${query.trim()}”`}
      </button>
    </p>
  );
}

/**
 * Under the certificates: the vaults whose certificates could not be listed, in Key Vault's (or the
 * network's) words, and when main tries again by itself — so a missing certificate is never a mystery.
 */
export function CertificateListingNotes() {
  const { catalog } = useServices();
  const kind = useSearch((s) => s.kind);
  useSearch((s) => s.rows); // re-read with every refresh (a new cert:list answer refreshes the rows)
  const failures = catalog.certificateListingFailures;
  if (kind !== 'certificates' || failures.length === 0) return null;
  const retry = (at: number | undefined) => (at !== undefined ? ` Trying again at ${formatTime(at)}.` : '');
  const only = failures.length === 1 ? failures[0]! : undefined;
  // One line; Key Vault's words unfold under it (at 200% they filled the popup above the list).
  return (
    <div className="certificate-listing-notes" role="status">
      <details>
        <summary>{only ? `Certificates of ${only.vault} could not be listed.${retry(only.retryAt)}` : `Certificates of ${failures.length} vaults could not be listed.`}</summary>
        {failures.map((f) => (
          <p key={f.vault}>{only ? f.message : `${f.vault}: ${f.message}${retry(f.retryAt)}`}</p>
        ))}
      </details>
    </div>
  );
}
