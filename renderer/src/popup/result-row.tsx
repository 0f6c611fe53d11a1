import type { ReactNode } from 'react';
import type { SearchHitDto } from '../../../shared/domain/types.js';
import { StalenessBadges } from '../components/staleness-badges.js';
import { isCertificateItem } from '../state/certificate-lookup.js';
import { CertificateBadges } from './certificate-summary.js';

/** Splits a name into plain and <mark>ed parts from inclusive [start, end] match ranges. */
export function highlight(name: string, ranges: [number, number][] | undefined): ReactNode[] {
  if (!ranges?.length) return [name];
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at || start >= name.length) continue;
    if (start > at) parts.push(name.slice(at, start));
    parts.push(<mark key={start}>{name.slice(start, end + 1)}</mark>);
    at = end + 1;
  }
  if (at < name.length) parts.push(name.slice(at));
  return parts;
}

/** One search result: name, where it lives (vault, customer), lock state, favourite and staleness. */
export function ResultRow({ hit }: { hit: SearchHitDto }) {
  const { item } = hit;
  const where = [item.customer, item.vaultDisplayName ?? item.vault].filter(Boolean).join(' · ');
  if (isCertificateItem(item)) {
    // A certificate: its expiry urgency (or pending) and auto-renew instead of a lock state; the host it is for under the name.
    const names = item.certificate.subjectAlternativeNames?.slice(0, 2).join(', ') ?? item.certificate.subject;
    return (
      <>
        <span className="row-main">
          <span className="row-name">{highlight(item.name, hit.nameMatches)}</span>
          <CertificateBadges certificate={item.certificate} now={Date.now()} />
        </span>
        <span className="row-meta">{[where, names].filter(Boolean).join(' · ')}</span>
      </>
    );
  }
  return (
    <>
      <span className="row-main">
        {item.favourite ? (
          <span className="favourite" title="Favourite">
            <span aria-hidden="true">★</span>
            <span className="visually-hidden">Favourite, </span>
          </span>
        ) : null}
        <span className="row-name">{highlight(item.name, hit.nameMatches)}</span>
        {/* A disabled secret cannot be read by anyone, unlocked or not: say that, not "Unlocked". */}
        {item.enabled === false ? (
          <span className="badge badge-bad" title="Disabled in Key Vault: its value cannot be read">
            Disabled
          </span>
        ) : (
          <span className={`badge ${item.locked ? 'badge-locked' : 'badge-open'}`}>{item.locked ? 'Locked' : 'Unlocked'}</span>
        )}
        <StalenessBadges flags={item.staleness} />
      </span>
      <span className="row-meta">{where}</span>
    </>
  );
}
