import { ApprovalsShortcut } from '../team/approvals-shortcut.js';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CatalogItemDto } from '../../../shared/domain/types.js';
import { ErrorMessage } from '../components/error-message.js';
import { toBridgeError, unwrap } from '../bridge.js';
import { capabilities } from '../state/capabilities.js';
import { isCertificateItem, type CertificateLookupItem } from '../state/certificate-lookup.js';
import { groupIdForVault, groupsForVault } from '../state/group-lookup.js';
import { useAccess, useApp, useSearch, useSecrets, useServices } from '../state/services-context.js';
import { ActionBar } from './action-bar.js';
import { CertificatePanel } from './certificate-panel.js';
import { ClipboardStatus } from './clipboard-status.js';
import { ItemDetails } from './item-details.js';
import { enterActionFor, KeyHints } from './key-hints.js';
import { kindForShortcut } from './kind-filter.js';
import { RequestAccessPanel, type OpenIntent } from './request-access-panel.js';
import { RequestProgressList } from './request-progress-list.js';
import { ResultList, RESULTS_ID, resultOptionId } from './result-list.js';
import { RevealPanel } from './reveal-panel.js';
import { TotpPanel } from './totp-panel.js';

/** Rows moved by PageUp/PageDown. */
const PAGE_ROWS = 8;

/**
 * The tray's quick lookup: opens focused on the search box; results across vaults as you type;
 * keyboard only — ↑/↓ select, Enter copies, Shift/Ctrl/⌘+Enter reveals, Ctrl/⌘+D favourites,
 * Ctrl/⌘+B copies the username, Esc hides a value, closes a panel, clears the search, then closes
 * the popup. A locked item opens "Request access" in place — unless the user is not eligible for
 * its group (an auditor): then it stays a read-only item, never a dead end. Alt+1 / Alt+2 search
 * secrets / certificates; Enter on a certificate opens it (details, public saves).
 */
export function PopupView() {
  const services = useServices();
  const { search, secrets, bridge } = services;
  const state = useApp((s) => s.state);
  const focusTick = useApp((s) => s.focusSearchTick);
  const query = useSearch((s) => s.query);
  const total = useSearch((s) => s.total);
  const activeIndex = useSearch((s) => s.activeIndex);
  const activeItem = useSearch((s) => s.rows[s.activeIndex]?.item);
  const searchError = useSearch((s) => s.error);
  const secretError = useSecrets((s) => s.error);
  const busy = useSecrets((s) => s.busy);
  // A value or code on screen already names the item and customer: the details step aside for the list.
  const showingValue = useSecrets((s) => s.revealed !== null || s.totp !== null);
  const [panel, setPanel] = useState<{ item: CatalogItemDto; intent: OpenIntent } | null>(null);
  const [certificate, setCertificate] = useState<CertificateLookupItem | null>(null);
  const kind = useSearch((s) => s.kind);
  const eligible = useAccess((s) => s.eligible);
  const eligibleLoading = useAccess((s) => s.loading);
  // Request access can work only with an eligible group (while the groups load, assume it can).
  const canRequest = (item: CatalogItemDto) => eligibleLoading || !groupIdForVault(item.vault, state?.vaults ?? []) || groupsForVault(item.vault, state?.vaults ?? [], eligible).length > 0;
  const input = useRef<HTMLInputElement>(null);
  const allowed = capabilities(state);

  useEffect(() => {
    // First open: load everything (empty query lists favourites first, then all by name).
    if (search.getState().status === 'idle') search.getState().setQuery('');
  }, [search]);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusTick]);

  // A hidden popup shows nothing: drop any revealed value when the window is hidden.
  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') secrets.getState().hide();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [secrets]);

  const closePanel = () => {
    setPanel(null);
    setCertificate(null);
    input.current?.focus();
  };

  const act = (intent: 'copy' | 'reveal', index?: number) => {
    // The keyboard acts on the selected ITEM (activeHit checks the row still holds it); a click on its row.
    const item = index === undefined ? search.getState().activeHit()?.item : search.getState().rows[index]?.item;
    if (!item) return;
    // A certificate opens (details and public saves), Enter or Shift+Enter alike: it has no value to copy here.
    if (isCertificateItem(item)) {
      setPanel(null);
      setCertificate(item);
      return;
    }
    // A disabled secret: the action bar already says why nothing can be done; don't ask Azure (or for access).
    if (item.enabled === false) return;
    if (item.locked) {
      if (canRequest(item)) setPanel({ item, intent });
      return;
    }
    if (intent === 'copy') void secrets.getState().copy(item);
    else if (item.fields?.totp) void secrets.getState().showTotp(item);
    else if (allowed.reveal) void secrets.getState().reveal(item);
  };

  const copyUsername = () => {
    const item = search.getState().activeHit()?.item;
    if (item?.fields?.username) void secrets.getState().copyUsername(item);
  };

  const openLink = async (target: 'url' | 'connect') => {
    const item = search.getState().activeHit()?.item;
    if (!item) return;
    try {
      await unwrap(bridge.vault.openLink({ vault: item.vault, name: item.name, target }));
    } catch (error) {
      const failure = toBridgeError(error);
      secrets.setState({ error: { code: failure.code, message: failure.message } });
    }
  };

  const toggleFavourite = async () => {
    const item = search.getState().activeHit()?.item;
    if (!item || isCertificateItem(item)) return; // favourites are secrets' (main keeps them by secret name)
    const updated = await secrets.getState().setFavourite(item, !item.favourite);
    if (updated) search.getState().patchItem(updated);
  };

  const escape = () => {
    if (secrets.getState().revealed || secrets.getState().totp) secrets.getState().hide();
    else if (panel || certificate) closePanel();
    else if (secrets.getState().error) secrets.getState().clearError();
    else if (search.getState().query) search.getState().setQuery('');
    else void bridge.window.hidePopup();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const mod = event.ctrlKey || event.metaKey;
    const switchTo = kindForShortcut(event);
    if (switchTo) {
      event.preventDefault();
      search.getState().setKind(switchTo);
      return;
    }
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
      case 'PageDown':
      case 'PageUp': {
        event.preventDefault();
        const step = event.key.startsWith('Page') ? PAGE_ROWS : 1;
        search.getState().move(event.key === 'ArrowDown' || event.key === 'PageDown' ? step : -step);
        return;
      }
      case 'Enter':
        event.preventDefault();
        act(event.shiftKey || mod ? 'reveal' : 'copy');
        return;
      case 'Escape':
        event.preventDefault();
        escape();
        return;
      default:
        if (mod && event.key.toLowerCase() === 'd') {
          event.preventDefault();
          void toggleFavourite();
        } else if (mod && event.key.toLowerCase() === 'b') {
          event.preventDefault();
          copyUsername();
        }
    }
  };

  return (
    <main className="popup" aria-label="Quick lookup">
      <div className="search-row">
        <input
          ref={input}
          className="search-input"
          type="text"
          role="combobox"
          aria-label={kind === 'certificates' ? 'Search certificates by name, host, subject or thumbprint' : 'Search secrets by name, tag or customer'}
          aria-expanded={total > 0}
          aria-controls={RESULTS_ID}
          aria-autocomplete="list"
          aria-activedescendant={total > 0 ? resultOptionId(activeIndex) : undefined}
          placeholder={kind === 'certificates' ? 'Search certificates…' : 'Search secrets…'}
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => search.getState().setQuery(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <ApprovalsShortcut />
      </div>
      <ClipboardStatus />
      {searchError ? <ErrorMessage code={searchError.code} message={searchError.message} /> : null}
      {secretError ? <ErrorMessage code={secretError.code} message={secretError.message} onDismiss={() => secrets.getState().clearError()} /> : null}
      <RevealPanel allowLargeType={allowed.largeType} />
      <TotpPanel />
      {panel ? <RequestAccessPanel key={panel.item.key} item={panel.item} intent={panel.intent} onClose={closePanel} /> : null}
      {certificate ? <CertificatePanel key={certificate.key} item={certificate} onClose={closePanel} /> : null}
      <ResultList onChoose={(index) => act('copy', index)} onKeyDown={onKeyDown} />
      {panel || certificate || showingValue ? null : <ItemDetails item={activeItem} />}
      <ActionBar
        item={activeItem}
        canReveal={allowed.reveal}
        canRequest={activeItem ? canRequest(activeItem) : false}
        onCopyUsername={copyUsername}
        onOpenLink={(target) => void openLink(target)}
        busy={busy !== null}
        onCopy={() => act('copy')}
        onReveal={() => act('reveal')}
        onRequest={() => act('copy')}
        onFavourite={() => void toggleFavourite()}
      />
      {panel ? null : <RequestProgressList />}
      <KeyHints canReveal={allowed.reveal} enter={enterActionFor(activeItem, activeItem ? canRequest(activeItem) : false)} mac={state?.platform === 'darwin'} />
    </main>
  );
}
