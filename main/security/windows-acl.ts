/**
 * Windows policy helpers, pure so they are tested on any OS: the registry value's text as `reg query`
 * prints it, and who may write an object according to its SDDL (what `Get-Acl` prints; SIDs and
 * their two-letter aliases do not depend on the Windows display language, unlike icacls' names).
 * SDDL: https://learn.microsoft.com/windows/win32/secauthz/security-descriptor-string-format
 */

/** Policy key under HKLM (Group Policy / Intune ADMX-backed settings live under Software\Policies). */
export const REGISTRY_POLICY_KEY = 'SOFTWARE\\Policies\\JIT Vault';
/** The REG_SZ value holding the policy JSON. */
export const REGISTRY_POLICY_VALUE = 'Policy';

/**
 * The value's data from `reg query <key> /v Policy` output, or undefined when absent or not a string.
 * reg.exe prints: `    Policy    REG_SZ    {"version":1,...}`.
 */
export function parseRegistryPolicy(output: string): string | undefined {
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s+(\S+)\s+(REG_SZ|REG_EXPAND_SZ)\s{4}(.*)$/.exec(line);
    if (match && match[1]!.toLowerCase() === REGISTRY_POLICY_VALUE.toLowerCase()) return match[3];
  }
  return undefined;
}

/** Who may be trusted to write the policy: Administrators, SYSTEM, TrustedInstaller. */
const TRUSTED_SIDS = new Set(['BA', 'SY', 'S-1-5-32-544', 'S-1-5-18', 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464']);

/** SDDL right letters → access mask bits (file objects use the same bit positions as ds rights). */
const RIGHTS: Record<string, number> = {
  GA: 0x10000000, GR: 0x80000000, GW: 0x40000000, GX: 0x20000000,
  FA: 0x1f01ff, FR: 0x120089, FW: 0x120116, FX: 0x1200a0,
  RC: 0x20000, SD: 0x10000, WD: 0x40000, WO: 0x80000,
  CC: 0x1, DC: 0x2, LC: 0x4, SW: 0x8, RP: 0x10, WP: 0x20, DT: 0x40, LO: 0x80, CR: 0x100,
  KA: 0xf003f, KR: 0x20019, KW: 0x20006, KX: 0x20019,
};

/**
 * Bits that let a holder change the policy: write/append data (or add files and folders), write
 * extended attributes, delete a child, delete, change permissions or owner, generic all/write.
 */
const WRITE_BITS = 0x2 | 0x4 | 0x10 | 0x40 | 0x10000 | 0x40000 | 0x80000 | 0x10000000 | 0x40000000;

/** Parses an SDDL rights field: letters pairs ("FA", "0x1200a9"). */
function maskOf(rights: string): number {
  if (/^0x[0-9a-f]+$/i.test(rights)) return Number.parseInt(rights, 16);
  let mask = 0;
  for (let i = 0; i < rights.length; i += 2) mask |= RIGHTS[rights.slice(i, i + 2).toUpperCase()] ?? WRITE_BITS; // unknown letters: assume the worst
  return mask;
}

/**
 * The principals other than Administrators/SYSTEM/TrustedInstaller that own or may write the object
 * described by `sddl` (empty = administrators only). Inherit-only ACEs (flag IO) do not apply to the
 * object itself and are skipped; deny ACEs are ignored (they can only take rights away, and we judge
 * what is granted). A missing DACL ("D:NO_ACCESS_CONTROL") grants everyone everything.
 */
export function untrustedWritersInSddl(sddl: string): string[] {
  const found = new Set<string>();
  const owner = /O:([^:()]+?)(?=[GDS]:|$)/.exec(sddl)?.[1];
  if (!owner || !TRUSTED_SIDS.has(owner)) found.add(`owner ${owner ?? '(unknown)'}`);
  const dacl = /D:([^()]*)((?:\([^)]*\))*)/.exec(sddl);
  if (!dacl || /NO_ACCESS_CONTROL/.test(dacl[1] ?? '')) return [...found, 'everyone (no access control list)'];
  for (const ace of (dacl[2] ?? '').matchAll(/\(([^)]*)\)/g)) {
    const [type, flags = '', rights = '', , , sid = ''] = ace[1]!.split(';');
    if (type !== 'A' && type !== 'OA') continue;
    if (/IO/.test(flags)) continue;
    if ((maskOf(rights) & WRITE_BITS) !== 0 && !TRUSTED_SIDS.has(sid)) found.add(sid);
  }
  return [...found];
}
