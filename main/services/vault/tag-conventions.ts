/**
 * What a password manager shows with an item — username, URL, host, notes — read from the
 * secret's Key Vault tags by a documented, per-organisation convention (docs/admin-guide.md).
 * Tags are metadata a standing Key Vault Reader sees: never put a value (or a TOTP seed) in one.
 */
import type { ItemFieldsDto } from '../../../shared/domain/types.js';

/** Which tag names carry which field, first match wins (tag names compare case-insensitively). */
export interface TagConvention {
  username: readonly string[];
  url: readonly string[];
  host: readonly string[];
  notes: readonly string[];
  /** Explicit connect protocol: `rdp` or `ssh` (otherwise inferred from the kind, see `connectProtocol`). */
  protocol: readonly string[];
  /** Kind of credential (`domain-admin`, `local-admin`, `totp`, …). */
  kind: readonly string[];
}

/** The default convention (KeePass/Bitwarden field names, plus common synonyms). */
export const DEFAULT_TAG_CONVENTION: TagConvention = Object.freeze({
  username: ['username', 'user', 'login'],
  url: ['url', 'uri', 'website'],
  host: ['host', 'hostname', 'server'],
  notes: ['notes', 'note', 'description'],
  protocol: ['protocol', 'connect'],
  kind: ['kind', 'type'],
});

/** The fields shown with an item (the shared DTO, read from the tags by tag-conventions). None is ever a secret value. */
export type ItemFields = ItemFieldsDto;

/** Content types that mark a TOTP secret (the value is an otpauth:// URI). */
const TOTP_CONTENT_TYPES = new Set(['application/x-otpauth', 'otpauth', 'totp']);
const RDP_KINDS = /\b(domain-admin|local-admin|laps|windows|rdp|kiosk)\b/i;
const SSH_KINDS = /\b(ssh|linux|unix|root|hypervisor|switch|router|firewall|network)\b/i;
const HOST = /^[a-z0-9][a-z0-9.-]{0,252}(:\d{1,5})?$/i;

/** A convention with its tag names lower-cased once (not per item: a warm start reads 10,000). */
type CompiledConvention = Record<keyof TagConvention, readonly string[]>;
const compiled = new WeakMap<Partial<TagConvention>, CompiledConvention>();

function compile(convention: Partial<TagConvention>): CompiledConvention {
  let rules = compiled.get(convention);
  if (!rules) {
    const merged = { ...DEFAULT_TAG_CONVENTION, ...convention };
    const lower = (names: readonly string[]) => names.map((n) => n.toLowerCase());
    rules = { username: lower(merged.username), url: lower(merged.url), host: lower(merged.host), notes: lower(merged.notes), protocol: lower(merged.protocol), kind: lower(merged.kind) };
    compiled.set(convention, rules);
  }
  return rules;
}

const NO_CONVENTION: Partial<TagConvention> = Object.freeze({});

/** Reads the fields of an item from its tags and content type by `convention` (default: DEFAULT_TAG_CONVENTION). */
export function itemFields(meta: { tags?: Record<string, string>; contentType?: string }, convention: Partial<TagConvention> = NO_CONVENTION): ItemFields {
  const rules = compile(convention);
  const lower: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const tag in meta.tags) lower[tag.toLowerCase()] = meta.tags[tag]!.trim();
  const pick = (names: readonly string[]): string | undefined => {
    for (const name of names) if (lower[name]) return lower[name];
    return undefined;
  };
  const fields: ItemFields = {};
  const username = pick(rules.username);
  if (username) fields.username = username;
  const url = pick(rules.url);
  if (url && isWebUrl(url)) fields.url = url;
  const host = pick(rules.host);
  if (host && HOST.test(host)) fields.host = host;
  const notes = pick(rules.notes);
  if (notes) fields.notes = notes;
  const kind = pick(rules.kind) ?? '';
  const protocol = connectProtocol(pick(rules.protocol), kind, username);
  if (fields.host && protocol) fields.connect = protocol;
  if (TOTP_CONTENT_TYPES.has((meta.contentType ?? '').toLowerCase()) || /^(totp|otp)$/i.test(kind)) fields.totp = true;
  return fields;
}

/** An explicit `protocol` tag wins; else Windows-style kinds connect by RDP, Unix/network ones by SSH; else none. */
function connectProtocol(explicit: string | undefined, kind: string, username: string | undefined): 'rdp' | 'ssh' | undefined {
  const value = explicit?.toLowerCase();
  if (value === 'rdp' || value === 'ssh') return value;
  if (value) return undefined; // "none", "https", …: no Connect
  if (RDP_KINDS.test(kind) || /\\/.test(username ?? '')) return 'rdp';
  if (SSH_KINDS.test(kind) || username === 'root') return 'ssh';
  return undefined;
}

function isWebUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * The URI that "Connect" hands to the OS. Never carries a password: the user pastes it from the
 * clipboard. RDP uses Microsoft's documented `rdp://` attribute URI (full address, username;
 * Remote Desktop clients for macOS, iOS and Android); SSH uses `ssh://user@host` (IANA-registered
 * provisional scheme, draft-ietf-secsh-scp-sftp-ssh-uri).
 */
export function connectUri(fields: ItemFields): string | undefined {
  if (!fields.host || !fields.connect) return undefined;
  if (fields.connect === 'rdp') {
    const parts = [`full%20address=s:${encodeURIComponent(fields.host)}`];
    if (fields.username) parts.push(`username=s:${encodeURIComponent(fields.username)}`);
    return `rdp://${parts.join('&')}`;
  }
  const [host, port] = fields.host.split(':');
  const user = fields.username && !/[\\@\s]/.test(fields.username) ? `${encodeURIComponent(fields.username)}@` : '';
  return `ssh://${user}${host}${port ? `:${port}` : ''}`;
}

/** The link "Open URL" or "Connect" hands to the OS for an item, or a clear error saying which tag is missing. */
export function itemLink(item: { name: string; fields?: ItemFields }, target: 'url' | 'connect'): string | { missing: string } {
  const fields = item.fields ?? {};
  const link = target === 'url' ? fields.url : connectUri(fields);
  if (link) return link;
  return { missing: target === 'url' ? `"${item.name}" has no http(s) URL tag.` : `"${item.name}" has no host tag with an RDP or SSH protocol to connect to.` };
}
