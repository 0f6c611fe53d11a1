import { execFile } from 'node:child_process';
import { lstat, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { untrustedWritersInSddl, parseRegistryPolicy, REGISTRY_POLICY_KEY, REGISTRY_POLICY_VALUE } from '../security/windows-acl.js';
import { PATH_ENV } from '../services/paths/app-paths.js';
import type { PolicyRead, PolicySource } from '../services/settings/policy-source.js';
import { plainFilePolicySource } from '../services/settings/settings.service.js';

/**
 * The admin policy is read only from the OS's managed place, and a file there is used only when no
 * one but an administrator can write it — else on a shared jump host any user could plant a policy
 * that points every engineer's sign-in at their own server.
 *
 * - Windows: HKLM\SOFTWARE\Policies\JIT Vault, value "Policy" (the JSON; what Group Policy and
 *   Intune write), else %ProgramData%\JIT Vault\policy.json whose file AND folder are owned by
 *   Administrators/SYSTEM with no write access for anyone else (ProgramData itself lets every user
 *   create folders, which is the attack).
 * - macOS: /Library/Application Support/JIT Vault/policy.json, owned by root, not writable by group
 *   (other than wheel/admin) or others, nor is any folder above it.
 * - Linux: /etc/jit-vault/policy.json, owned by root, not writable by group (other than root) or
 *   others, nor is any folder above it.
 */

/** What the POSIX check needs of a file system entry (fs.Stats has it). */
export interface EntryStat {
  uid: number;
  gid: number;
  mode: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** The OS calls the sources use; tests inject their own. */
export interface PolicyProbe {
  lstat(file: string): Promise<EntryStat>;
  realpath(file: string): Promise<string>;
  readFile(file: string): Promise<string>;
  /** Runs a Windows tool (reg.exe, powershell.exe); resolves stdout, rejects on a non-zero exit. */
  run(command: string, args: string[]): Promise<string>;
}

/** The real OS. */
export const nodePolicyProbe: PolicyProbe = {
  lstat: (file) => lstat(file),
  realpath: (file) => realpath(file),
  readFile: (file) => readFile(file, 'utf8'),
  run: (command, args) =>
    new Promise((resolve, reject) => {
      execFile(command, args, { windowsHide: true, timeout: 10_000, maxBuffer: 1 << 20 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    }),
};

/** Group ids that only administrators belong to: root (Linux), wheel (0) and admin (80) on macOS. */
const ADMIN_GROUPS: Record<string, readonly number[]> = { darwin: [0, 80], linux: [0] };

/**
 * Why `file` (and every folder above it) could be written by someone other than root, or undefined
 * when only root can. Sticky world-writable folders (/tmp) are accepted: nobody but the owner may
 * replace an entry in them, and the entry itself is checked.
 */
export async function posixWriteRisk(file: string, platform: NodeJS.Platform, probe: PolicyProbe): Promise<string | undefined> {
  const real = await probe.realpath(file);
  const adminGroups = ADMIN_GROUPS[platform] ?? [0];
  let current = real;
  for (;;) {
    const stat = await probe.lstat(current);
    const what = current === real ? 'the file' : `the folder "${current}"`;
    if (current === real && !stat.isFile()) return `${what} is not a regular file`;
    if (stat.uid !== 0) return `${what} is owned by user id ${stat.uid}, not by root`;
    const sticky = (stat.mode & 0o1000) !== 0 && stat.isDirectory();
    if ((stat.mode & 0o002) !== 0 && !sticky) return `${what} can be changed by every user (mode ${(stat.mode & 0o7777).toString(8)})`;
    if ((stat.mode & 0o020) !== 0 && !adminGroups.includes(stat.gid) && !sticky) return `${what} can be changed by the members of group id ${stat.gid} (mode ${(stat.mode & 0o7777).toString(8)})`;
    const parent = path.posix.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** A POSIX policy file (macOS, Linux): used only when root alone can write it. */
export function posixPolicySource(file: string, platform: NodeJS.Platform, probe: PolicyProbe = nodePolicyProbe): PolicySource {
  return {
    async read(): Promise<PolicyRead> {
      try {
        await probe.lstat(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'absent', origin: file };
        throw error;
      }
      const risk = await posixWriteRisk(file, platform, probe);
      if (risk) return { status: 'refused', origin: file, reason: `${risk}; an administrator's policy must be owned by root and writable by no one else` };
      return { status: 'found', origin: file, text: await probe.readFile(file) };
    },
  };
}

/**
 * Windows: the registry value first, then the ProgramData file if its file and folder are
 * administrator-only (checked on the SDDL Get-Acl prints: language-independent SIDs, not names).
 */
export function windowsPolicySource(file: string, probe: PolicyProbe = nodePolicyProbe): PolicySource {
  const registryOrigin = `HKLM\\${REGISTRY_POLICY_KEY}\\${REGISTRY_POLICY_VALUE}`;
  const sddlOf = (target: string) => probe.run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', '(Get-Acl -LiteralPath $args[0]).Sddl', target]);
  return {
    async read(): Promise<PolicyRead> {
      const fromRegistry = await probe.run('reg.exe', ['query', `HKLM\\${REGISTRY_POLICY_KEY}`, '/v', REGISTRY_POLICY_VALUE]).then(parseRegistryPolicy, () => undefined);
      if (fromRegistry !== undefined) return { status: 'found', origin: registryOrigin, text: fromRegistry };
      try {
        await probe.lstat(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'absent', origin: file };
        throw error;
      }
      for (const [target, what] of [[file, 'the file'], [path.win32.dirname(file), `the folder "${path.win32.dirname(file)}"`]] as const) {
        const writers = untrustedWritersInSddl((await sddlOf(target)).trim());
        if (writers.length > 0) {
          return { status: 'refused', origin: file, reason: `${what} can be changed by ${writers.join(', ')}; an administrator's policy must be writable only by Administrators and SYSTEM (or use the registry value ${registryOrigin})` };
        }
      }
      return { status: 'found', origin: file, text: await probe.readFile(file) };
    },
  };
}

/** The machine policy source of `platform` for the policy file resolved by paths/app-paths.ts. */
export function machinePolicySource(file: string, platform: NodeJS.Platform, probe: PolicyProbe = nodePolicyProbe): PolicySource {
  return platform === 'win32' ? windowsPolicySource(file, probe) : posixPolicySource(file, platform, probe);
}

/**
 * The policy source of the app: the OS's managed place, checked. Only a development build with the
 * JIT_VAULT_POLICY_FILE override set reads that file as is (tests point it at a temporary file).
 */
export function appPolicySource(options: { file: string; platform: NodeJS.Platform; developmentBuild: boolean; env?: Record<string, string | undefined>; probe?: PolicyProbe }): PolicySource {
  const overridden = (options.env ?? process.env)[PATH_ENV.policyFile]?.trim();
  if (options.developmentBuild && overridden) return plainFilePolicySource(options.file);
  return machinePolicySource(options.file, options.platform, options.probe);
}
