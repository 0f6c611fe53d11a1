import { describe, expect, it } from 'vitest';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, frameSender, isTrustedFrame } from '../../../../main/security/app-origin.js';

describe('APP_ORIGIN', () => {
  it('is the scheme and host the platform registers, written once', () => {
    expect(APP_ORIGIN).toBe(`${APP_SCHEME}://${APP_HOST}`);
    expect(APP_ORIGIN).toBe('app://jit-vault');
  });
});

describe('frameSender (what the Electron adapter derives from event.senderFrame)', () => {
  it('uses the frame origin, or rebuilds it from the URL for a custom scheme', () => {
    expect(frameSender({ origin: APP_ORIGIN, url: `${APP_ORIGIN}/index.html`, parent: null })).toEqual({ origin: APP_ORIGIN, isMainFrame: true });
    // WHATWG URL says origin "null" for non-special schemes; the host part is what identifies us.
    expect(new URL(`${APP_ORIGIN}/index.html`).origin).toBe('null');
    expect(frameSender({ origin: 'null', url: `${APP_ORIGIN}/index.html`, parent: null })).toEqual({ origin: APP_ORIGIN, isMainFrame: true });
    expect(isTrustedFrame(frameSender({ url: `${APP_ORIGIN}/popup.html#x`, parent: null }))).toBe(true);
  });

  it('subframes, other origins, garbage and missing frames are untrusted', () => {
    expect(isTrustedFrame(frameSender({ origin: APP_ORIGIN, parent: {} }))).toBe(false);
    expect(isTrustedFrame(frameSender({ url: 'https://jit-vault/', parent: null }))).toBe(false);
    expect(isTrustedFrame(frameSender({ url: 'app://jit-vault.evil/', parent: null }))).toBe(false);
    expect(isTrustedFrame(frameSender({ url: '::not a url', parent: null }))).toBe(false);
    expect(isTrustedFrame(frameSender({ parent: null }))).toBe(false);
    expect(isTrustedFrame(frameSender(null))).toBe(false);
    expect(isTrustedFrame(frameSender(undefined))).toBe(false);
  });
});
