import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMainWindow, createPopupWindow } from '../../main/platform/app-windows.js';

const repo = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(repo, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(repo, path)).isDirectory()) return sources(path);
    return /\.(ts|tsx|js|mjs|cjs|html)$/.test(name) ? [path] : [];
  });
}

/** Source text without comments, so a comment that names a bad pattern is not a finding. */
function code(path: string): string {
  return readFileSync(join(repo, path), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1');
}

const files = ['main', 'preload', 'renderer'].flatMap(sources).map((path) => ({ path: relative(repo, join(repo, path)).replace(/\\/g, '/'), text: code(path) }));

describe('window options as data', () => {
  it.each([
    ['main window', createMainWindow],
    ['popup', createPopupWindow],
  ])('%s: the literal JIT Vault ships', (_label, create) => {
    const seen: Record<string, unknown>[] = [];
    class Recording {
      constructor(options: Record<string, unknown>) {
        seen.push(options);
      }
    }
    create({ BrowserWindow: Recording as never, preloadPath: '/p.cjs', isPackaged: true });
    expect(seen[0]!.webPreferences).toEqual({
      preload: '/p.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: false,
    });
  });

  it('every `new BrowserWindow({…})` in main writes sandbox, contextIsolation, nodeIntegration and webSecurity out', () => {
    let count = 0;
    for (const { path, text } of files.filter((f) => f.path.startsWith('main/'))) {
      for (const match of text.matchAll(/new BrowserWindow\(/g)) {
        let depth = 0;
        let end = match.index + match[0].length - 1;
        do {
          const c = text[end++];
          if (c === '(') depth++;
          if (c === ')') depth--;
        } while (depth > 0 && end < text.length);
        const call = text.slice(match.index, end);
        for (const setting of [/sandbox:\s*true/, /contextIsolation:\s*true/, /nodeIntegration:\s*false/, /webSecurity:\s*true/, /webviewTag:\s*false/]) expect(call, `${path}: ${setting}`).toMatch(setting);
        count++;
      }
    }
    expect(count).toBe(3); // main window, popup, demo sign-in window
  });
});

describe('patterns that must not exist in main, preload or renderer', () => {
  const forbidden: [string, RegExp][] = [
    ['nodeIntegration on', /nodeIntegration(InWorker|InSubFrames)?:\s*true/],
    ['contextIsolation off', /contextIsolation:\s*false/],
    ['sandbox off', /sandbox:\s*false/],
    ['webSecurity off', /webSecurity:\s*false/],
    ['insecure content', /allowRunningInsecureContent:\s*true/],
    ['experimental features', /experimentalFeatures:\s*true/],
    ['enableBlinkFeatures', /enableBlinkFeatures/],
    ['webview tag', /webviewTag:\s*true|<webview|allowpopups/],
    ['file:// pages', /\.loadFile\(|loadURL\(\s*['"`]file:/],
    ['protocol client registration', /setAsDefaultProtocolClient/],
    ['certificate-error override', /['"]certificate-error['"]/],
    ['TLS verification off', /ignore-certificate-errors|NODE_TLS_REJECT_UNAUTHORIZED|rejectUnauthorized:\s*false/],
    ['remote module', /@electron\/remote|enableRemoteModule/],
    ['security warnings off', /ELECTRON_DISABLE_SECURITY_WARNINGS/],
    ['eval', /\beval\(|new Function\(|executeJavaScript\(/],
  ];
  // The one file allowed to spell these switches: the list of switches a packaged start refuses.
  const refusesThem = (path: string, label: string) => label === 'TLS verification off' && path === 'main/security/debug-switches.ts';
  it.each(forbidden)('%s', (label, pattern) => {
    const hits = files.filter((f) => pattern.test(f.text) && !refusesThem(f.path, label)).map((f) => f.path);
    expect(hits).toEqual([]);
  });

  it('setCertificateVerifyProc only in the demo sign-in window (its own partition)', () => {
    expect(files.filter((f) => /\.setCertificateVerifyProc\(/.test(f.text)).map((f) => f.path)).toEqual(['main/platform/demo-sign-in-window.ts']);
  });

  it('electron is imported at run time only by main/platform/electron-api.ts and the preload', () => {
    const runtime = files.filter((f) => /^import\s+(?!type\b)[^;]*from\s+['"]electron['"]/m.test(f.text) || /require\(['"]electron['"]\)/.test(f.text)).map((f) => f.path);
    expect(runtime.sort()).toEqual(['main/platform/electron-api.ts', 'preload/index.ts']);
    const typeOnlyOutsidePlatform = files.filter((f) => /from\s+['"]electron['"]/.test(f.text) && !f.path.startsWith('main/platform/') && f.path !== 'preload/index.ts').map((f) => f.path);
    expect(typeOnlyOutsidePlatform).toEqual([]);
  });
});
