/**
 * Composition root of the main process: builds the platform adapters, then the services, then
 * registers IPC. For now it only starts the Electron shell; the services are wired in as they land.
 */
import { startApp } from './platform/app.js';

void startApp();
