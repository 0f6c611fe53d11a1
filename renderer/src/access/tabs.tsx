import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabDef<K extends string> {
  key: K;
  label: string;
  render(): ReactNode;
}

/**
 * WAI-ARIA tabs: a tablist with roving tabindex (←/→/Home/End move and activate), each tab
 * controlling its tabpanel. Only the selected panel is rendered.
 */
export function Tabs<K extends string>({ tabs, selected, onSelect, label }: { tabs: TabDef<K>[]; selected: K; onSelect(key: K): void; label: string }) {
  const buttons = useRef<Record<string, HTMLButtonElement | null>>({});
  const index = Math.max(0, tabs.findIndex((tab) => tab.key === selected));
  const move = (event: KeyboardEvent) => {
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length]!;
    onSelect(tab.key);
    buttons.current[tab.key]?.focus();
  };
  const current = tabs[index]!;
  return (
    <>
      <div role="tablist" aria-label={label} className="tablist" onKeyDown={move}>
        {tabs.map((tab) => (
          <button
            key={tab.key}
            ref={(element) => {
              buttons.current[tab.key] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${tab.key}`}
            aria-selected={tab.key === current.key}
            aria-controls={`panel-${tab.key}`}
            tabIndex={tab.key === current.key ? 0 : -1}
            className="tab"
            onClick={() => onSelect(tab.key)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${current.key}`} aria-labelledby={`tab-${current.key}`} className="tabpanel">
        {current.render()}
      </div>
    </>
  );
}
