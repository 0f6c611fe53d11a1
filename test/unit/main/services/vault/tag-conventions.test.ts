import { describe, expect, it } from 'vitest';
import { connectUri, itemFields } from '../../../../../main/services/vault/tag-conventions.js';

describe('tag conventions: username, URL, host, notes, connect and TOTP from tags', () => {
  it('reads the documented tag names case-insensitively, first synonym wins', () => {
    expect(itemFields({ tags: { UserName: 'CONTOSO\\Administrator', host: 'dc01.corp.contoso.example', Notes: 'Break-glass', kind: 'domain-admin' } })).toEqual({
      username: 'CONTOSO\\Administrator',
      host: 'dc01.corp.contoso.example',
      notes: 'Break-glass',
      connect: 'rdp',
    });
    expect(itemFields({ tags: { login: 'second', username: 'first' } }).username).toBe('first');
  });

  it('is configurable per organisation', () => {
    expect(itemFields({ tags: { account: 'svc-backup', portal: 'https://backup.example/' } }, { username: ['account'], url: ['portal'] })).toEqual({
      username: 'svc-backup',
      url: 'https://backup.example/',
    });
  });

  it('keeps only http(s) URLs without credentials, and host names that are host names', () => {
    expect(itemFields({ tags: { url: 'javascript:alert(1)' } }).url).toBeUndefined();
    expect(itemFields({ tags: { url: 'file:///etc/passwd' } }).url).toBeUndefined();
    expect(itemFields({ tags: { url: 'https://admin:pw@fw.example/' } }).url).toBeUndefined();
    expect(itemFields({ tags: { host: 'fw-edge-01 && calc' } }).host).toBeUndefined();
    expect(itemFields({ tags: { host: 'fw-edge-01:8443' } }).host).toBe('fw-edge-01:8443');
  });

  it('connect: an explicit protocol tag wins; Windows kinds → RDP, root/network → SSH; no host → none', () => {
    expect(itemFields({ tags: { host: 'esxi-01.mgmt', username: 'root' } }).connect).toBe('ssh');
    expect(itemFields({ tags: { host: 'sw-core-01', vendor: 'Cisco', kind: 'switch' } }).connect).toBe('ssh');
    expect(itemFields({ tags: { host: 'srv', protocol: 'rdp', username: 'root' } }).connect).toBe('rdp');
    expect(itemFields({ tags: { host: 'srv', protocol: 'none', kind: 'local-admin' } }).connect).toBeUndefined();
    expect(itemFields({ tags: { kind: 'local-admin' } }).connect).toBeUndefined();
    expect(itemFields({ tags: { host: 'sql-prod-01', kind: 'sql' } }).connect).toBeUndefined();
  });

  it('TOTP by content type or kind tag', () => {
    expect(itemFields({ contentType: 'application/x-otpauth' }).totp).toBe(true);
    expect(itemFields({ tags: { kind: 'TOTP' } }).totp).toBe(true);
    expect(itemFields({ contentType: 'password' }).totp).toBeUndefined();
  });

  it('connect URIs carry host and username, never a password', () => {
    expect(connectUri({ host: 'dc01.corp.contoso.example', username: 'CONTOSO\\Administrator', connect: 'rdp' })).toBe(
      'rdp://full%20address=s:dc01.corp.contoso.example&username=s:CONTOSO%5CAdministrator',
    );
    expect(connectUri({ host: 'esxi-01.mgmt:2222', username: 'root', connect: 'ssh' })).toBe('ssh://root@esxi-01.mgmt:2222');
    expect(connectUri({ host: 'srv', username: 'CONTOSO\\x', connect: 'ssh' })).toBe('ssh://srv');
    expect(connectUri({ host: 'srv' })).toBeUndefined();
  });
});
