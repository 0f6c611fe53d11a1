import { describe, expect, it } from 'vitest';
import { DEBUG_SWITCH_EXIT_CODE, exitOnDebugSwitches, refusedDebugSwitches } from '../../main/security/debug-switches.js';

const EXE = '/opt/JIT Vault/jit-vault';

/** Runs the guard as main/index.ts does, recording what it did. */
function start(argv: string[], packaged: boolean, platform: NodeJS.Platform = 'linux') {
  const exits: number[] = [];
  const reports: string[] = [];
  const goOn = exitOnDebugSwitches({ argv: [EXE, ...argv], packaged, platform, exit: (code) => void exits.push(code), report: (m) => void reports.push(m) });
  return { goOn, exits, reports };
}

describe('debug switches end a packaged start before ready', () => {
  it.each([
    ['--remote-debugging-port=9222'],
    ['--remote-debugging-port', '9222'],
    ['--remote-debugging-pipe'],
    ['--inspect'],
    ['--inspect=9229'],
    ['--inspect-brk=0'],
    ['--inspect-brk-node'],
    ['--inspect-port=1'],
    ['--debug=5858'],
    ['--js-flags=--allow-natives-syntax'],
    ['--no-sandbox'],
    ['-no-sandbox'],
    ['--NO-SANDBOX'],
    ['--disable-web-security'],
    ['--host-resolver-rules=MAP login.microsoftonline.com 127.0.0.1'],
    ['--ignore-certificate-errors'],
    ['--', '--remote-debugging-port=9222'],
  ])('%s', (...argv) => {
    const { goOn, exits, reports } = start(argv, true);
    expect(goOn).toBe(false);
    expect(exits).toEqual([DEBUG_SWITCH_EXIT_CODE]);
    expect(reports.join('')).toMatch(/JIT Vault did not start: .*would let other programs inspect or control it/);
  });

  it('Windows also accepts /switch', () => {
    expect(refusedDebugSwitches(['C:\\JIT Vault\\jit-vault.exe', '/remote-debugging-port=9222'], 'win32')).toEqual(['/remote-debugging-port']);
    expect(refusedDebugSwitches([EXE, '/remote-debugging-port=9222'], 'linux')).toEqual([]); // a path on POSIX
  });

  it('names every refused switch once, as written', () => {
    expect(refusedDebugSwitches([EXE, '--inspect=1', '--hidden', '--js-flags=--x', '--no-sandbox'], 'linux')).toEqual(['--inspect', '--js-flags', '--no-sandbox']);
  });

  it('lets ordinary starts and switches through', () => {
    for (const argv of [[], ['--hidden'], ['--self-test'], ['--lang=de'], ['--inspector-note-is-not-a-switch-prefix-of-ours'.replace('inspector', 'xinspector')], ['/Applications/JIT Vault.app']]) {
      expect(start(argv, true)).toEqual({ goOn: true, exits: [], reports: [] });
    }
  });

  it('development builds keep their debugging switches', () => {
    expect(start(['--inspect=9229', '--remote-debugging-port=9222'], false)).toEqual({ goOn: true, exits: [], reports: [] });
  });

  it('main/index.ts calls the guard before anything else is set up', async () => {
    const { readFile } = await import('node:fs/promises');
    const source = await readFile(new URL('../../main/index.ts', import.meta.url), 'utf8');
    const body = source.replace(/^import .*$/gm, '').replace(/\/\*\*[\s\S]*?\*\//g, '').trim();
    // The first statements: load electron, then the guard (before single-instance, hardening, ready).
    const guard = body.indexOf('exitOnDebugSwitches(');
    expect(guard).toBeGreaterThan(-1);
    // main/index.ts hands everything else to the composition root (main/main-process.ts: single
    // instance, hardening, ready, logger), which starts only when the guard allowed it.
    for (const later of ['startMainProcess(', 'resolveAppPaths(']) expect(body.indexOf(later)).toBeGreaterThan(guard);
    expect(body).toMatch(/if \(allowed\) \{\s*startMainProcess\(/);
  });
});
