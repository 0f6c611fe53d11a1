import { vaultErrors } from './vault-errors.js';

/** Key Vault's page size bounds (spec: `maxresults` 1–25, default 25). */
export const MAX_PAGE_SIZE = 25;

/** A page of a list and the link to the next one (`null` on the last page, as recorded). */
export interface Page<T> {
  value: T[];
  nextLink: string | null;
}

/** Reads `maxresults`: absent means 25; anything but an integer 1–25 is a BadParameter (text unverified). */
export function readMaxResults(url: URL): number {
  const raw = url.searchParams.get('maxresults');
  if (raw === null || raw === '') return MAX_PAGE_SIZE;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw vaultErrors.badParameter(`Invalid MaxResults value: ${raw}. MaxResults must be an integer between 1 and ${MAX_PAGE_SIZE}.`);
  }
  return value;
}

/**
 * Encodes a position as an opaque `$skiptoken` shaped like the service's (base64 of
 * `{"NextMarker":…,"TargetLocation":0}`), so clients treat it as the opaque string it is.
 */
function encodeSkipToken(offset: number, listName: string): string {
  const marker = Buffer.from(`2!${offset}!${listName}`).toString('base64');
  return Buffer.from(JSON.stringify({ NextMarker: marker, TargetLocation: 0 })).toString('base64url');
}

function decodeSkipToken(token: string, listName: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { NextMarker?: unknown };
    const marker = Buffer.from(String(parsed.NextMarker), 'base64').toString('utf8');
    const [prefix, offset, name] = marker.split('!');
    const value = Number(offset);
    if (prefix === '2' && name === listName && Number.isInteger(value) && value >= 0) return value;
  } catch {
    // Falls through to the error below.
  }
  throw vaultErrors.badParameter('The $skiptoken parameter is invalid.');
}

/**
 * Pages `items` (already in a stable order), converting only the page's items with `toItem` (a vault
 * of thousands of secrets must not build every bundle for every page). The nextLink is absolute on the vault's exact origin
 * (the SDK follows it verbatim and keyvault-common withholds the token from another origin) and
 * carries api-version, the skip token and (when asked for) maxresults, in the order recordings show.
 */
export function paginate<S, T>(items: S[], url: URL, origin: string, apiVersion: string, toItem: (item: S) => T): Page<T> {
  const size = readMaxResults(url);
  const listName = url.pathname.replace(/\/+$/, '').toLowerCase();
  const token = url.searchParams.get('$skiptoken');
  const start = token ? decodeSkipToken(token, listName) : 0;
  const value = items.slice(start, start + size).map(toItem);
  const next = start + size;
  if (next >= items.length) return { value, nextLink: null };
  const path = url.pathname.replace(/\/+$/, '');
  // Recordings: the service echoes maxresults into the nextLink only when the request carried it
  // (`recording_can_list_secrets_by_page` has `&maxresults=1`; `recording_can_list_secret_properties` none).
  const echoSize = url.searchParams.has('maxresults') ? `&maxresults=${size}` : '';
  const nextLink = `${origin}${path}?api-version=${encodeURIComponent(apiVersion)}&$skiptoken=${encodeSkipToken(next, listName)}${echoSize}`;
  return { value, nextLink };
}
