import { invokeChannels, type ChannelArgs, type InvokeChannel } from '../../../../shared/ipc/contract.js';
import type { HandlerTable } from '../../../../main/ipc/handler-table.js';
import type { FrameSender } from '../../../../main/security/app-origin.js';
import type { Logger } from '../../../../main/services/ports/logger.js';

/** The sender the Electron adapter builds for our own top-level window. */
export const TRUSTED: FrameSender = { origin: 'app://jit-vault', isMainFrame: true };

/** A handler table that records what reached it (and answers `undefined`), to prove what did NOT. */
export function spyTable(answer: (channel: InvokeChannel, args: unknown) => unknown = () => undefined): {
  table: HandlerTable<unknown>;
  calls: { channel: InvokeChannel; args: unknown }[];
} {
  const calls: { channel: InvokeChannel; args: unknown }[] = [];
  const table = Object.fromEntries(
    (Object.keys(invokeChannels) as InvokeChannel[]).map((channel) => [
      channel,
      (args: unknown) => {
        calls.push({ channel, args });
        return answer(channel, args);
      },
    ]),
  ) as unknown as HandlerTable<unknown>;
  return { table, calls };
}

/** One valid argument per channel (typed from the contract: a channel added there must be added here). */
export const VALID_ARGS: { [C in InvokeChannel]: ChannelArgs<C> } = {
  'app:getState': {},
  'app:openExternal': { url: 'https://portal.azure.com/' },
  'auth:signIn': { tenantId: '182280d5-3a76-4ca2-b5fc-ac8edce86818', method: 'browser' },
  'auth:cancelSignIn': {},
  'auth:signOut': { accountId: 'uid.utid|182280d5-3a76-4ca2-b5fc-ac8edce86818' },
  'vault:searchPage': { query: 'dc01', offset: 0, limit: 20 },
  'vault:snapshot': {},
  'vault:statuses': {},
  'vault:refresh': {},
  'vault:copy': { vault: 'kv-contoso-servers', name: 'dc01-administrator' },
  'vault:reveal': { vault: 'kv-contoso-servers', name: 'dc01-administrator' },
  'vault:versions': { vault: 'kv-contoso-servers', name: 'dc01-administrator' },
  'vault:setFavourite': { vault: 'kv-contoso-servers', name: 'dc01-administrator', favourite: true },
  'vault:totp': { vault: 'kv-contoso-servers', name: 'backup-portal-mfa' },
  'vault:copyUsername': { vault: 'kv-contoso-servers', name: 'dc01-administrator' },
  'vault:openLink': { vault: 'kv-contoso-servers', name: 'esxi-root', target: 'connect' },
  'cert:list': {},
  'cert:refresh': { vault: 'kv-contoso-web' },
  'cert:versions': { vault: 'kv-contoso-web', name: 'rdp-gateway' },
  'cert:savePublic': { vault: 'kv-contoso-web', name: 'rdp-gateway', format: 'pem' },
  'cert:savePfx': { vault: 'kv-contoso-web', name: 'rdp-gateway', password: 'correct horse battery' },
  'cert:chooseImportFile': {},
  'cert:forgetImportFile': { fileId: '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b' },
  'cert:import': { vault: 'kv-contoso-web', name: 'imported-web', fileId: '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b', password: 'pfx password' },
  'cert:renew': { vault: 'kv-contoso-web', name: 'rdp-gateway' },
  'cert:operation': { vault: 'kv-contoso-web', name: 'vpn-portal-csr' },
  'cert:merge': { vault: 'kv-contoso-web', name: 'vpn-portal-csr', chainPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' },
  'cert:cancelOperation': { vault: 'kv-contoso-web', name: 'vpn-portal-csr' },
  'cert:setRenewal': { vault: 'kv-contoso-web', name: 'rdp-gateway', action: 'AutoRenew', daysBeforeExpiry: 30 },
  'cert:delete': { vault: 'kv-contoso-web', name: 'legacy-intranet' },
  'cert:recover': { vault: 'kv-contoso-web', name: 'legacy-intranet' },
  'cert:deleted': { vault: 'kv-contoso-web' },
  'cert:create': {
    vault: 'kv-contoso-web',
    name: 'new-web',
    template: { issuer: 'Self', subject: 'CN=new.contoso.example', dnsNames: ['new.contoso.example'], emails: [], keyType: 'RSA', keySize: 2048, validityMonths: 12, contentType: 'application/x-pem-file', exportable: true },
  },
  'cert:saveCsr': { vault: 'kv-contoso-web', name: 'vpn-portal-csr' },
  'cert:officerAccess': { vault: 'kv-contoso-web' },
  'cert:setContacts': { vault: 'kv-contoso-web', contacts: [{ email: 'pki@contoso.example', name: 'PKI team' }] },
  'cert:copyPrivateKey': { vault: 'kv-contoso-web', name: 'rdp-gateway' },
  'pim:eligible': {},
  'pim:requestedWith': { accountId: 'a|t', groupId: 'g' },
  'pim:active': { accountId: 'a|t' },
  'pim:activate': { accountId: 'a|t', groupId: 'g', justification: 'ticket 1', durationMinutes: 60 },
  'pim:pending': {},
  'pim:cancel': { accountId: 'a|t', requestId: 'r' },
  'pim:deactivate': { accountId: 'a|t', groupId: 'g' },
  'pim:extend': { accountId: 'a|t', groupId: 'g', justification: 'more time', durationMinutes: 30 },
  'approvals:list': {},
  'approvals:decide': { accountId: 'a|t', requestId: 'r', decision: 'Deny', justification: 'no ticket' },
  'approvals:requestInfo': { accountId: 'a|t', requestId: 'r' },
  'approvals:count': {},
  'team:group': { accountId: 'a|t', groupId: 'g' },
  'session:lockNow': {},
  'session:activity': {},
  'settings:update': { clipboardSeconds: 20, theme: 'dark' },
  'expiry:overview': {},
  'journal:recent': { limit: 10 },
  'window:hidePopup': {},
  'window:openMain': { tab: 'history' },
};

/** A Logger that keeps every line, to check what was (not) logged. */
export class RecordingLogger implements Logger {
  readonly lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  info(message: string, fields?: Record<string, string | number | boolean | undefined>): void {
    this.lines.push({ level: 'info', message, ...(fields ? { fields } : {}) });
  }
  warn(message: string, fields?: Record<string, string | number | boolean | undefined>): void {
    this.lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) });
  }
  error(message: string, fields?: Record<string, string | number | boolean | undefined>): void {
    this.lines.push({ level: 'error', message, ...(fields ? { fields } : {}) });
  }
  /** Everything logged, as one string (for "never contains" checks). */
  text(): string {
    return JSON.stringify(this.lines);
  }
}
