import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxClock } from '../clock.js';
import type { AssignmentSchedule, SandboxData, TenantState, UserState, VaultState } from './model.js';

interface PersistedState {
  seedHash: string;
  clockOffsetMs: number;
  ports: Record<string, number>;
  data: SandboxData;
}

/**
 * Owns the sandbox state and its persistence (`state.json` in the state directory, written
 * atomically shortly after each change). Route modules read and mutate `data` directly and call
 * `changed()`; lookups shared by several services live here.
 */
export class SandboxStore {
  private saveTimer: NodeJS.Timeout | undefined;
  /** Ports used last time, keyed "authority", "graph", "vault:<name>", reused on restart when free. */
  ports: Record<string, number>;

  private constructor(
    readonly data: SandboxData,
    readonly clock: SandboxClock,
    private readonly file: string | undefined,
    private readonly seedHash: string,
    ports: Record<string, number>,
  ) {
    this.ports = ports;
  }

  /**
   * Opens the state in `stateDir`: the persisted state when it was made from the same seed,
   * otherwise fresh state from `makeFresh()` (always with `ignorePersisted`: a reset, whose fresh
   * state the next start without reset resumes). `stateDir` undefined keeps everything in memory.
   */
  static open(options: { stateDir?: string; seedHash: string; clock: SandboxClock; makeFresh: () => SandboxData; ignorePersisted?: boolean }): SandboxStore {
    const file = options.stateDir ? join(options.stateDir, 'state.json') : undefined;
    if (file && existsSync(file) && !options.ignorePersisted) {
      try {
        const persisted = JSON.parse(readFileSync(file, 'utf8')) as PersistedState;
        if (persisted.seedHash === options.seedHash && persisted.data?.version === 1) {
          options.clock.offset = persisted.clockOffsetMs ?? 0;
          return new SandboxStore(persisted.data, options.clock, file, options.seedHash, persisted.ports ?? {});
        }
      } catch {
        // A corrupt state file is replaced by fresh state from the seed; the seed is the source of truth.
      }
    }
    const store = new SandboxStore(options.makeFresh(), options.clock, file, options.seedHash, {});
    store.changed();
    return store;
  }

  /** Marks the state dirty; it is written within 50 ms. */
  changed(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flush(), 50);
    this.saveTimer.unref();
  }

  /** Writes the state now (on shutdown and after port assignment). */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.file) return;
    const persisted: PersistedState = { seedHash: this.seedHash, clockOffsetMs: this.clock.offset, ports: this.ports, data: this.data };
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(persisted), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  /** The tenant with this id (case-insensitive GUID), if any. */
  tenant(tenantId: string): TenantState | undefined {
    const id = tenantId.toLowerCase();
    return this.data.tenants.find((t) => t.id.toLowerCase() === id || t.domain.toLowerCase() === id);
  }

  /** The first tenant: the one the ready JSON's top-level authority names. */
  get defaultTenant(): TenantState {
    return this.data.tenants[0]!;
  }

  /** A user of a tenant by username (UPN, case-insensitive) or oid. */
  user(tenant: TenantState, usernameOrOid: string): UserState | undefined {
    const key = usernameOrOid.toLowerCase();
    return tenant.users.find(
      (u) => u.username.toLowerCase() === key || u.oid.toLowerCase() === key || this.homeUser(u)?.username.toLowerCase() === key,
    );
  }

  /** For a B2B guest, the user record in the home tenant (guests sign in with their home UPN). */
  homeUser(user: UserState): UserState | undefined {
    if (!user.guestOf) return undefined;
    const home = this.tenant(user.guestOf.tenantId);
    return home?.users.find((u) => u.oid === user.guestOf!.oid);
  }

  /** Checks a sign-in: guests authenticate with their home tenant's password. */
  checkPassword(user: UserState, password: string): boolean {
    if (user.guestOf) return this.homeUser(user)?.password === password;
    return user.password === password;
  }

  /** A vault by name (case-insensitive) across tenants. */
  vault(name: string): VaultState | undefined {
    const key = name.toLowerCase();
    for (const t of this.data.tenants) {
      const v = t.vaults.find((x) => x.name.toLowerCase() === key);
      if (v) return v;
    }
    return undefined;
  }

  /** Whether an assignment schedule is in force at `nowMs` (started, not ended, not revoked). */
  isAssignmentActive(a: AssignmentSchedule, nowMs: number): boolean {
    if (Date.parse(a.startDateTime) > nowMs) return false;
    if (a.endedDateTime && Date.parse(a.endedDateTime) <= nowMs) return false;
    return a.endDateTime === null || Date.parse(a.endDateTime) > nowMs;
  }

  /** Group ids `oid` is a member of right now in the directory (standing or active PIM assignment). */
  memberGroups(tenant: TenantState, oid: string, nowMs: number = this.clock.now()): string[] {
    const ids = new Set(tenant.groups.filter((g) => g.members.includes(oid)).map((g) => g.id));
    for (const a of tenant.assignments) {
      if (a.principalId === oid && a.accessId === 'member' && this.isAssignmentActive(a, nowMs)) ids.add(a.groupId);
    }
    return [...ids];
  }

  /**
   * Group ids a token issued now would carry in its `groups` claim: like `memberGroups`, but a new
   * activation shows only after the propagation delay. The claim is a snapshot; Key Vault trusts it.
   */
  groupsForTokenIssue(tenant: TenantState, oid: string, nowMs: number = this.clock.now()): string[] {
    const ids = new Set(tenant.groups.filter((g) => g.members.includes(oid)).map((g) => g.id));
    for (const a of tenant.assignments) {
      if (a.principalId !== oid || a.accessId !== 'member') continue;
      if (this.isAssignmentActive(a, nowMs) && a.visibleToTokensAt <= nowMs) ids.add(a.groupId);
    }
    return [...ids];
  }
}
