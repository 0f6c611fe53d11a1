import { useEffect, useState } from 'react';
import { ExpiryView } from '../expiry/expiry-view.js';
import { HistoryView } from '../history/history-view.js';
import { SettingsView } from '../settings/settings-view.js';
import { useServices } from '../state/services-context.js';
import type { MainViewFocus } from '../../../shared/domain/main-view-focus.js';
import type { MainTab } from '../view-mode.js';
import { AccountsSection } from './accounts-section.js';
import { ActiveActivations } from './active-activations.js';
import { EligibleGroups } from './eligible-groups.js';
import { PendingRequests } from './pending-requests.js';
import { ApprovalsPanel } from '../team/approvals-panel.js';
import { Tabs } from './tabs.js';
import { VaultStatuses } from './vault-statuses.js';

/**
 * The access window: accounts, active access with countdowns, pending requests, groups to activate
 * and vault states (Access); what expires in the next 90 days (Expiry); request timelines and the
 * journal (History); Settings.
 */
export function MainView({ initialTab, focus }: { initialTab: MainTab; focus?: MainViewFocus | undefined }) {
  const { app } = useServices();
  const [tab, setTab] = useState<MainTab>(initialTab);
  useEffect(() => setTab(initialTab), [initialTab]);
  return (
    <div className="main-window">
      <header className="main-header">
        <h1>JIT Vault</h1>
        <button type="button" onClick={() => void app.getState().lockNow()}>
          Lock now
        </button>
      </header>
      <main aria-label="Access window">
        <Tabs<MainTab>
          label="Sections"
          selected={tab}
          onSelect={setTab}
          tabs={[
            {
              key: 'access',
              label: 'Access',
              render: () => (
                <>
                  <ActiveActivations />
                  <ApprovalsPanel focus={focus} />
                  <PendingRequests />
                  <EligibleGroups />
                  <VaultStatuses />
                  <AccountsSection />
                </>
              ),
            },
            { key: 'expiry', label: 'Expiry', render: () => <ExpiryView /> },
            { key: 'history', label: 'History', render: () => <HistoryView /> },
            { key: 'settings', label: 'Settings', render: () => <SettingsView /> },
          ]}
        />
      </main>
    </div>
  );
}
