import type { CatalogEvent } from '../../main/services/vault/vault.types.js';
import type { VaultService } from '../../main/services/vault/vault.service.js';

/**
 * What the app runs for a listing: its event forwarder subscribes with `VaultService.on` and the
 * core calls `refresh()`. Calls `onEvent` for each listing event ('page', 'listed', 'failed',
 * 'locked'; not the bare 'changed') until the refresh settles, then unsubscribes.
 */
export async function refreshAsTheAppDoes(service: VaultService, onEvent: (event: Exclude<CatalogEvent, { type: 'changed' }>) => void): Promise<void> {
  const off = service.on('catalog', (event) => {
    if (event.type !== 'changed') onEvent(event);
  });
  try {
    await service.refresh();
  } finally {
    off();
  }
}
