import { beforeEach, describe, expect, it } from 'vitest';
import { hardenAfterReady, hardenBeforeReady, NavigationPolicies } from '../../main/platform/app-hardening.js';
import { openExternalSafely, openSignInPage } from '../../main/platform/safe-open-external.js';
import { denyAllPermissions, guardWebContents } from '../../main/platform/web-contents-guard.js';
import { app, fake, FakeEvent, FakeSession, FakeWebContents, protocol, resetFakeElectron, shell } from './model/electron-model.js';

beforeEach(() => resetFakeElectron());

function guarded(allowNavigation?: (url: string) => boolean) {
  const contents = new FakeWebContents();
  const opened: string[] = [];
  guardWebContents(contents, { openExternal: (url) => opened.push(url), ...(allowNavigation ? { allowNavigation } : {}) });
  return { contents, opened };
}

describe('navigation, new windows and webviews (#12–#15)', () => {
  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])('%s is cancelled for every URL, our own origin included', (event) => {
    const { contents } = guarded();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://jit-vault/index.html', 'javascript:alert(1)']) {
      const e = new FakeEvent(url);
      contents.emit(event, e, url);
      expect(e.defaultPrevented, url).toBe(true);
    }
  });

  it('lets a contents with a registered allow list go only where the list says', () => {
    const { contents } = guarded((url) => url.startsWith('https://localhost:8443/'));
    const inside = new FakeEvent('https://localhost:8443/login');
    const outside = new FakeEvent('https://localhost:9999/login');
    contents.emit('will-navigate', inside);
    contents.emit('will-navigate', outside);
    expect([inside.defaultPrevented, outside.defaultPrevented]).toEqual([false, true]);
  });

  it('never attaches a webview', () => {
    const { contents } = guarded();
    const e = new FakeEvent();
    contents.emit('will-attach-webview', e, {}, {});
    expect(e.defaultPrevented).toBe(true);
  });

  it('denies every new window; an allowlisted https link opens in the system browser instead', () => {
    const { contents, opened } = guarded();
    const urls = ['https://portal.azure.com/#blade', 'https://evil.example/', 'http://portal.azure.com/', 'app://jit-vault/index.html', 'javascript:void(0)'];
    for (const url of urls) expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://portal.azure.com/#blade']);
  });
});

describe('permissions (#5)', () => {
  it('denies every request, check and device permission', () => {
    const session = new FakeSession();
    denyAllPermissions(session);
    for (const permission of ['notifications', 'media', 'clipboard-read', 'clipboard-sanitized-write', 'geolocation', 'openExternal', 'hid', 'fullscreen']) {
      let granted: boolean | undefined;
      session.permissionRequest!({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(session.permissionCheck!({}, permission), permission).toBe(false);
    }
    expect(session.devicePermission!({ deviceType: 'usb' })).toBe(false);
  });
});

describe('safe openExternal (#15)', () => {
  it.each([
    ['https://portal.azure.com/#view/Microsoft_Azure_PIMCommon', true],
    ['https://entra.microsoft.com/', true],
    ['https://learn.microsoft.com/en-us/entra/id-governance/privileged-identity-management/', true],
    ['https://aka.ms/pim', false], // an open redirector (issue 12)
    ['HTTPS://PORTAL.AZURE.COM/', true],
    ['https://portal.azure.com.evil.example/', false],
    ['https://evil.example/?portal.azure.com', false],
    ['https://user:pass@portal.azure.com/', false],
    ['https://portal.azure.com:8443/', false],
    ['http://portal.azure.com/', false],
    ['javascript:alert(1)', false],
    ['file:///C:/Windows/System32/calc.exe', false],
    ['ms-settings:privacy', false],
    ['smb://portal.azure.com/share', false],
    ['not a url', false],
  ])('%s → opened: %s', async (url, allowed) => {
    const attempt = openExternalSafely(shell, url);
    if (allowed) await expect(attempt).resolves.toBeUndefined();
    else await expect(attempt).rejects.toThrow(/only opens Microsoft/);
    expect(fake.opened).toHaveLength(allowed ? 1 : 0);
  });

  it('sign-in pages of a real tenant open in the system browser over https only', async () => {
    await openSignInPage(shell, 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=x');
    await expect(openSignInPage(shell, 'http://login.microsoftonline.com/x')).rejects.toThrow(/https/);
    await expect(openSignInPage(shell, 'file:///etc/passwd')).rejects.toThrow(/https/);
    await expect(openSignInPage(shell, 'https://a:b@login.microsoftonline.com/')).rejects.toThrow(/https/);
    expect(fake.opened).toEqual(['https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=x']);
  });
});

describe('app hardening', () => {
  it('before ready: enables the sandbox for every renderer and registers the app:// scheme', () => {
    hardenBeforeReady({ app, protocol });
    expect(fake.app.sandboxEnabled).toBe(true);
    expect(fake.schemes).toHaveLength(1);
  });

  it('after ready: guards every new WebContents, denies permissions, serves app:// with the CSP', async () => {
    const policies = new NavigationPolicies();
    hardenAfterReady({ app, defaultSession: fake.defaultSession, protocol, rendererDir: '/nonexistent', policies, openExternal: () => undefined });
    const contents = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    const e = new FakeEvent('https://evil.example/');
    contents.emit('will-navigate', e);
    expect(e.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    policies.set(contents, (url) => url === 'https://localhost:1/');
    const allowed = new FakeEvent('https://localhost:1/');
    contents.emit('will-navigate', allowed);
    expect(allowed.defaultPrevented).toBe(false);
    expect(fake.defaultSession.permissionCheck!({}, 'media')).toBe(false);
    const missing = await fake.protocolHandlers.get('app')!(new Request('app://jit-vault/index.html'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
