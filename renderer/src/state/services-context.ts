import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AccessSlice } from './access-store.js';
import type { AppServices } from './app-services.js';
import type { AppSlice } from './app-store.js';
import type { SearchSlice } from './search-store.js';
import type { SecretSlice } from './secret-store.js';

/** The window's services; provided once by <App>. */
export const ServicesContext = createContext<AppServices | null>(null);

/** The services of this window (throws outside <App>, a programming error). */
export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesContext.Provider>');
  return services;
}

export function useApp<T>(selector: (state: AppSlice) => T): T {
  return useStore(useServices().app, selector);
}

export function useSearch<T>(selector: (state: SearchSlice) => T): T {
  return useStore(useServices().search, selector);
}

export function useSecrets<T>(selector: (state: SecretSlice) => T): T {
  return useStore(useServices().secrets, selector);
}

export function useAccess<T>(selector: (state: AccessSlice) => T): T {
  return useStore(useServices().access, selector);
}
