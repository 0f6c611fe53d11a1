/**
 * Command-line switches that open a packaged JIT Vault to another process of the same user: a
 * DevTools endpoint (then any local process can drive the bridge and read revealed values), a V8
 * inspector on the main process (which holds the tokens), V8 flags (e.g. --allow-natives-syntax) or
 * a renderer without the OS sandbox. The fuse EnableNodeCliInspectArguments only covers Node's
 * --inspect family; nothing covers the Chromium ones. So a packaged build checks its argv first
 * thing — before `ready`, before any window or token exists — and exits when one is present.
 * Development builds (`npm start`) keep them for debugging.
 */

/**
 * Switch names refused in packaged builds (lower case, without the leading dashes). A prefix entry
 * ending in `*` covers every switch starting with it (`inspect*`: --inspect, --inspect-brk,
 * --inspect-port, --inspect-brk-node, --inspect-publish-uid, ...).
 */
export const REFUSED_SWITCHES: readonly string[] = Object.freeze([
  'remote-debugging-port', // Chromium DevTools protocol over TCP
  'remote-debugging-pipe', // ... over inherited pipes
  'remote-debugging-address',
  'remote-allow-origins',
  'inspect*', // Node's inspector on the main process (and Electron's inspect-brk-node)
  'debug', // Electron's legacy alias of --inspect
  'debug-brk',
  'js-flags', // arbitrary V8 flags
  'no-sandbox', // renderers without the OS sandbox
  'disable-gpu-sandbox',
  'disable-setuid-sandbox',
  'no-zygote', // needs --no-sandbox on Linux; a zygote-less renderer is unsandboxed
  'disable-web-security', // same-origin policy off in the renderers
  'ignore-certificate-errors', // TLS interception of the sign-in windows
  'ignore-certificate-errors-spki-list',
  'host-resolver-rules', // silently redirects login.microsoftonline.com in the sign-in windows
  'host-rules',
]);

/**
 * The refused switches present in `argv` (as written), in order. Chromium accepts `--name`,
 * `--name=value`, `-name`, and on Windows `/name`; names are compared case-insensitively, so all
 * of those forms count (argv[0], the executable, is skipped); a bare `--` does not end the search (Chromium's own switch parsing
 * would stop there, but Node's and Electron's do not always, so we do not bet on it).
 */
export function refusedDebugSwitches(argv: readonly string[], platform: NodeJS.Platform = process.platform): string[] {
  const found: string[] = [];
  const prefix = platform === 'win32' ? /^(?:--?|\/)([a-z0-9][a-z0-9-]*)(?:=|$)/i : /^--?([a-z0-9][a-z0-9-]*)(?:=|$)/i;
  for (const arg of argv.slice(1)) {
    const match = prefix.exec(arg);
    if (!match) continue;
    const name = match[1]!.toLowerCase();
    const refused = REFUSED_SWITCHES.some((entry) => (entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry));
    if (refused) found.push(arg.split('=')[0]!);
  }
  return found;
}

/** What `exitOnDebugSwitches` needs of the process (injected so it is tested without Electron). */
export interface DebugSwitchGuardDeps {
  argv: readonly string[];
  platform?: NodeJS.Platform;
  /** `app.isPackaged`: development builds keep their debugging switches. */
  packaged: boolean;
  /** Ends the process at once (`app.exit`), with no `before-quit` work to run yet. */
  exit(code: number): void;
  /** Where the one-line explanation goes (stderr: there is no window before `ready`). */
  report(message: string): void;
}

/** Exit code of a start refused for a debugging switch. */
export const DEBUG_SWITCH_EXIT_CODE = 78; // EX_CONFIG: a configuration the app refuses

/**
 * Call first thing in main/index.ts. In a packaged build with a refused switch it reports which and
 * exits; returns true when the start may go on.
 */
export function exitOnDebugSwitches(deps: DebugSwitchGuardDeps): boolean {
  if (!deps.packaged) return true;
  const found = refusedDebugSwitches(deps.argv, deps.platform);
  if (found.length === 0) return true;
  deps.report(`JIT Vault did not start: ${found.join(', ')} would let other programs inspect or control it. Start JIT Vault without ${found.length === 1 ? 'this switch' : 'these switches'}.\n`);
  deps.exit(DEBUG_SWITCH_EXIT_CODE);
  return false;
}
