import { isSecretName, isVaultName } from '../shared/domain/key-vault-names.js';
import { UsageError } from './cli-error.js';

/** A parsed `kv://<vault>/<secret>[/<version>]` reference. */
export interface KvRef {
  vault: string;
  name: string;
  version?: string;
}

// Key Vault's own naming rules (shared/domain/key-vault-names.ts); a version is 32 hex digits.
const VERSION = /^[0-9a-fA-F]{32}$/;

/** Parses a reference; a malformed one is a UsageError that says what a good one looks like. */
export function parseKvRef(text: string): KvRef {
  const hint = `Write it as kv://<vault>/<secret> or kv://<vault>/<secret>/<version>, e.g. kv://kv-contoso-servers/dc01-administrator.`;
  if (!text.startsWith('kv://')) throw new UsageError(`"${text}" is not a kv:// reference. ${hint}`);
  const parts = text.slice('kv://'.length).split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) throw new UsageError(`"${text}" is not a complete kv:// reference. ${hint}`);
  const [vault, name, version] = parts as [string, string, string | undefined];
  if (!isVaultName(vault)) throw new UsageError(`"${vault}" in "${text}" is not a Key Vault name (3-24 letters, digits and dashes, starting with a letter).`);
  if (!isSecretName(name)) throw new UsageError(`"${name}" in "${text}" is not a secret name (1-127 letters, digits and dashes).`);
  if (version !== undefined && !VERSION.test(version)) throw new UsageError(`"${version}" in "${text}" is not a secret version (32 hexadecimal digits).`);
  return { vault, name, ...(version ? { version } : {}) };
}

/** The reference as text (for messages). */
export function formatKvRef(ref: KvRef): string {
  return `kv://${ref.vault}/${ref.name}${ref.version ? `/${ref.version}` : ''}`;
}
