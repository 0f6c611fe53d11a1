/**
 * The Electron model's global facts: which platform profile is active and whether the app is the
 * active (foreground) application. Kept apart so the window, tray and module files share them.
 */
import { windows, type PlatformProfile } from './platform-profiles.js';

/** Mutable model-wide state; `resetFakeElectron(profile)` replaces it. */
export const state: { profile: PlatformProfile; appActive: boolean } = { profile: windows, appActive: false };
