import { describe, expect, it } from 'vitest';
import { openItemLinkSafely, type ExternalOpener } from '../../main/platform/safe-open-external.js';
import { connectUri } from '../../main/services/vault/tag-conventions.js';

/** The OS side of shell.openExternal: records what would have been handed to the OS. */
function recordingShell(): ExternalOpener & { opened: string[] } {
  const opened: string[] = [];
  return { opened, openExternal: async (url) => void opened.push(url) };
}

async function attempt(uri: string): Promise<{ opened: string[]; error?: string }> {
  const shell = recordingShell();
  try {
    await openItemLinkSafely(shell, uri);
    return { opened: shell.opened };
  } catch (error) {
    return { opened: shell.opened, error: (error as Error).message };
  }
}

describe('openItemLinkSafely: the door from an item link to the OS', () => {
  it.each([
    ['https://intranet.contoso.example/admin', 'https://intranet.contoso.example/admin'],
    ['http://printer.contoso.local/', 'http://printer.contoso.local/'],
    ['rdp://full%20address=s:srv01.contoso.local&username=s:CONTOSO%5Cadmin', 'rdp://full%20address=s:srv01.contoso.local&username=s:CONTOSO%5Cadmin'],
    ['ssh://root@10.0.0.4:22', 'ssh://root@10.0.0.4:22'],
  ])('hands %s to the OS unchanged', async (uri, expected) => {
    expect(await attempt(uri)).toEqual({ opened: [expected] });
  });

  it.each([
    ['javascript:alert(1)', 'a script URL'],
    ['file:///etc/passwd', 'a local file'],
    ['ms-settings:privacy', 'another OS handler'],
    ['https://admin:hunter2@intranet.contoso.example/', 'credentials in a web URL'],
    ['ssh://root:hunter2@10.0.0.4', 'an SSH password'],
    ['rdp://full%20address=s:srv01&password=s:hunter2', 'an RDP password attribute'],
    ['rdp://full%20address=s:srv01&p%61ssword%3As:hunter2', 'a percent-encoded RDP password attribute'],
    ['ssh://-oProxyCommand=calc@srv01', 'an SSH user that reads as an option'],
    ['ssh://-oProxyCommand=calc', 'an SSH host that reads as an option'],
    ['rdp://full%20address=s:-srv01', 'an RDP address that reads as an option'],
    ['ssh://root@srv01%0a-oProxyCommand=calc', 'an encoded line break'],
  ])('refuses %s (%s) and opens nothing', async (uri) => {
    const result = await attempt(uri);
    expect(result.opened).toEqual([]);
    expect(result.error).toMatch(/only opens|not a valid URL/);
  });

  // Before: Microsoft's rdp:// attribute URI failed the WHATWG URL parse ("s:" reads as a port), so
  // every "Connect" on a Windows item ended in "not a valid URL".
  it.each([
    { host: 'dc01.corp.contoso.example', username: 'CONTOSO\\Administrator', connect: 'rdp' as const },
    { host: 'dc01.corp.contoso.example:3390', connect: 'rdp' as const },
    { host: 'esxi-01.mgmt:2222', username: 'root', connect: 'ssh' as const },
  ])('opens the connect URI the app builds from tags ($connect to $host)', async (fields) => {
    const uri = connectUri(fields)!;
    expect(await attempt(uri)).toEqual({ opened: [uri] });
  });

  it('says plainly that a malformed link is not a URL', async () => {
    expect(await attempt('not a url')).toEqual({ opened: [], error: 'The item link is not a valid URL.' });
  });
});
