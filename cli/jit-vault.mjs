#!/usr/bin/env node
// The `jit-vault` command (package.json "bin"). It runs the TypeScript sources through tsx's loader
// in this same process — no build step, so it works right after `npm ci` on a fresh clone, and
// signals and exit codes need no relay. tsx is installed with the project's dev dependencies;
// a packaged app would ship a bundled build of cli/main.ts instead.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
