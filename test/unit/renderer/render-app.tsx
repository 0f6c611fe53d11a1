import { act, render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { App } from '../../../renderer/src/app.js';
import { createAppServices, type AppServices } from '../../../renderer/src/state/app-services.js';
import type { MainTab } from '../../../renderer/src/view-mode.js';
import type { MainViewFocus } from '../../../shared/domain/main-view-focus.js';
import { createFakeBridge, demoData, type FakeBridge, type FakeData } from './fake-bridge.js';

export interface RenderedApp extends RenderResult {
  fake: FakeBridge;
  services: AppServices;
  user: ReturnType<typeof userEvent.setup>;
}

/** Lets pending bridge promises and the renders they cause settle. */
export async function flush(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  });
}

/** Advances fake time inside act (countdowns, auto-hide) and lets the effects settle. */
export async function advance(ms: number): Promise<void> {
  await act(async () => {
    vi.advanceTimersByTime(ms);
  });
  await flush();
}

/**
 * Renders a window (popup or main) against a fresh fake bridge and waits for the first loads.
 * Tests that use fake timers must call vi.useFakeTimers() before this.
 */
export async function renderApp(options: { view?: 'popup' | 'main'; tab?: MainTab; focus?: MainViewFocus; data?: FakeData; fake?: FakeBridge } = {}): Promise<RenderedApp> {
  const fake = options.fake ?? createFakeBridge(options.data ?? demoData());
  const services = createAppServices(fake.bridge);
  const fakeTimers = vi.isFakeTimers();
  const user = userEvent.setup(fakeTimers ? { advanceTimers: (ms) => vi.advanceTimersByTime(ms) } : {});
  const result = render(<App services={services} mode={{ view: options.view ?? 'popup', tab: options.tab ?? 'access', ...(options.focus ? { focus: options.focus } : {}) }} />);
  await flush();
  await flush();
  return { ...result, fake, services, user };
}
