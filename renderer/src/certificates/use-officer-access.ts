import { useCallback } from 'react';
import type { CertificateOfficerAccessDto } from '../../../shared/domain/certificates.js';
import { unwrap } from '../bridge.js';
import { useMainRead } from '../hooks/use-main-read.js';
import { useServices } from '../state/services-context.js';

/**
 * Whether the user may act as a Certificates Officer in each of `vaults`, asked of Key Vault by main
 * (never guessed from settings): a vault missing from the map has not answered (yet, or failed for
 * another reason than a refusal — no officer buttons then). Asked again when a vault locks or
 * unlocks, since an officer role granted through a PIM group counts only while its activation lasts.
 * `vaultsKey` is the vault names joined, so a re-read catalog with the same vaults asks nothing.
 */
export function useOfficerAccess(vaultsKey: string): { access: ReadonlyMap<string, CertificateOfficerAccessDto>; reload: () => Promise<void> } {
  const { bridge } = useServices();
  const read = useCallback(async () => {
    const vaults = vaultsKey ? vaultsKey.split('\n') : [];
    const answers = await Promise.all(vaults.map((vault) => unwrap(bridge.cert.officerAccess({ vault })).catch(() => null)));
    return new Map(answers.flatMap((a) => (a ? [[a.vault, a] as const] : [])));
  }, [bridge, vaultsKey]);
  const subscribe = useCallback(
    (changed: () => void) => {
      const offLocked = bridge.on('session:locked', changed);
      const offUnlocked = bridge.on('session:unlocked', changed);
      return () => {
        offLocked();
        offUnlocked();
      };
    },
    [bridge],
  );
  const { data, reload } = useMainRead(read, subscribe);
  return { access: data ?? new Map(), reload };
}
