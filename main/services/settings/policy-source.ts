/**
 * Where the admin policy comes from (port). The settings service only parses and applies the text;
 * whether the place it came from can be trusted (only administrators can write it) is decided by the
 * source — main/adapters/machine-policy.source.ts for the real OS places, a plain file in tests.
 */
export type PolicyRead =
  /** No policy at this place. */
  | { status: 'absent'; origin: string }
  /** The policy text, from a place only administrators can write. */
  | { status: 'found'; origin: string; text: string }
  /** A policy exists but is not used: `reason` says why in plain words (e.g. who can write the file). */
  | { status: 'refused'; origin: string; reason: string };

/** Reads the machine policy. `origin` names the file or registry key in messages. */
export interface PolicySource {
  read(): Promise<PolicyRead>;
}
