import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import { SecretClient } from '@azure/keyvault-secrets';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintedTokenCredential, mintVaultToken } from '../helpers/minted-token.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { USERS, VAULTS } from './keyvault-fixtures.js';

/**
 * Replays real Key Vault traffic (Azure/azure-sdk-assets recordings, distilled into
 * test/sandbox/recordings/keyvault-secrets; see the README there) against the sandbox, twice:
 *  - raw HTTPS with the recorded request shapes and a minted token, comparing status, error code,
 *    innererror code, message, body key sets, attribute key sets, paging and which Key Vault headers
 *    are present;
 *  - through @azure/keyvault-secrets, comparing the SDK's wire sequence (method, path, status)
 *    with the recording's.
 * The sandbox runs with two propagation 404s per delete/recover, as the recordings show.
 */

interface RecordedError {
  code: string;
  message: string;
  innererror?: { code: string };
}

interface RecordedEntry {
  method: string;
  /** Path with `{0}`… for the recorded names; `$nextLink` means the previous answer's nextLink. */
  path: string;
  auth: boolean;
  contentType?: string;
  body?: Record<string, unknown>;
  status: number;
  error?: RecordedError;
  keys: string[];
  attributes?: string[];
  page?: { items: number; nextLink: string[] | null };
  headers: string;
  capture?: string;
  /** Recorded but not reproducible (the service's own propagation); skipped in the replay. */
  transient?: boolean;
}

interface Recording {
  recording: string;
  names: string[];
  precondition?: string;
  entries: RecordedEntry[];
}

const DIR = join(import.meta.dirname, 'recordings', 'keyvault-secrets');
const INDEX = JSON.parse(readFileSync(join(DIR, '_index.json'), 'utf8')) as {
  source: { apiVersion: string };
  headerSets: Record<string, string[]>;
};
const RECORDINGS = Object.fromEntries(
  readdirSync(DIR)
    .filter((f) => f.endsWith('.json') && !f.startsWith('_'))
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Recording]),
);
/** Every header the recordings show: the sandbox must send exactly the recorded subset of these. */
const KNOWN_HEADERS = new Set(Object.values(INDEX.headerSets).flat());

function freshNames(recording: Recording): string[] {
  return recording.names.map((name) => `${name}${randomBytes(3).toString('hex')}`);
}

function fill(template: string, names: string[]): string {
  return template.replace(/\{(\d+)\}/g, (_, i: string) => names[Number(i)]!);
}

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

describe('Key Vault fidelity: replay of recorded service traffic', () => {
  let sandbox: TestSandbox;
  let origin: string;
  let token: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { softDeletePropagationPolls: 2 } });
    origin = sandbox.context.origins.vault(VAULTS.servers);
    token = await mintVaultToken(sandbox.context, { user: USERS.officer, lifetimeSeconds: 4 * 3600 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  /** Puts live secrets into the vault until it holds `count` (for the listing recordings). */
  async function ensureLiveSecrets(count: number): Promise<void> {
    const live = Object.values(sandbox.context.store.vault(VAULTS.servers)!.secrets).filter((s) => !s.deleted).length;
    for (let i = live; i < count; i++) {
      const response = await fetch(`${origin}/secrets/filler-${randomBytes(4).toString('hex')}?api-version=7.6`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ value: 'filler', attributes: {} }),
      });
      expect(response.status).toBe(200);
    }
  }

  async function replayRaw(id: string, recording: Recording): Promise<void> {
    const names = freshNames(recording);
    const captured: Record<string, string> = {};
    let nextLink: string | undefined;
    for (const [index, entry] of recording.entries.entries()) {
      if (entry.transient) continue;
      const label = `${id}#${index} ${entry.method} ${entry.path}`;
      let url: string;
      if (entry.path === '$nextLink') {
        expect(nextLink, label).toBeTypeOf('string');
        url = nextLink!;
      } else {
        const path = fill(entry.path, names);
        url = `${origin}${path}${path.includes('?') ? '&' : '?'}api-version=${INDEX.source.apiVersion}`;
      }
      const body =
        entry.body !== undefined
          ? JSON.stringify(entry.body, (_key, value: unknown) => (typeof value === 'string' && value.startsWith('$') ? captured[value.slice(1)] : value))
          : entry.contentType
            ? ''
            : undefined;
      const response = await fetch(url, {
        method: entry.method,
        headers: {
          accept: 'application/json',
          'x-ms-client-request-id': randomUUID(),
          ...(entry.auth ? { authorization: `Bearer ${token}` } : {}),
          ...(entry.contentType ? { 'content-type': entry.contentType } : {}),
        },
        ...(body !== undefined ? { body } : {}),
      });
      const text = await response.text();
      expect(response.status, label).toBe(entry.status);
      const headerNames = sorted([...response.headers.keys()].filter((h) => KNOWN_HEADERS.has(h)));
      expect(headerNames, `${label}: Key Vault headers`).toEqual(INDEX.headerSets[entry.headers]);
      if (entry.status === 204) {
        expect(text, label).toBe('');
        continue;
      }
      const json = JSON.parse(text) as Record<string, unknown>;
      expect(sorted(Object.keys(json)), `${label}: body keys`).toEqual(entry.keys);
      if (entry.error) {
        const error = json.error as RecordedError;
        expect(error.code, label).toBe(entry.error.code);
        expect(error.message, label).toBe(fill(entry.error.message, names));
        expect(error.innererror, label).toEqual(entry.error.innererror);
      }
      if (entry.attributes) {
        expect(sorted(Object.keys(json.attributes as object)), `${label}: attribute keys`).toEqual(entry.attributes);
      }
      if (entry.page) {
        const value = json.value as unknown[];
        expect(value.length, `${label}: page size`).toBe(entry.page.items);
        const link = json.nextLink as string | null;
        if (entry.page.nextLink === null) {
          expect(link, label).toBeNull();
        } else {
          const parsed = new URL(link!);
          expect(parsed.origin, `${label}: nextLink origin`).toBe(origin);
          expect(sorted(parsed.searchParams.keys()), `${label}: nextLink query`).toEqual(sorted(entry.page.nextLink));
          nextLink = link!;
        }
      }
      if (entry.capture) captured[entry.capture] = json.value as string;
    }
  }

  for (const [id, recording] of Object.entries(RECORDINGS)) {
    it(`raw replay: ${recording.recording}`, async () => {
      if (id === 'list-properties') await ensureLiveSecrets(26);
      await replayRaw(id, recording);
    });
  }

  it('answers a restore onto a name in use with the recorded 409 Conflict (no innererror, the backed-up id in the text)', async () => {
    const recorded = RECORDINGS.restore!.entries.find((e) => e.transient && e.status === 409)!;
    const name = freshNames(RECORDINGS.restore!)[0]!;
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${origin}${path}?api-version=${INDEX.source.apiVersion}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    const set = await call('PUT', `/secrets/${name}`, { value: 'RSA', attributes: {} });
    const backup = await call('POST', `/secrets/${name}/backup`);
    const restore = await call('POST', '/secrets/restore', { value: backup.json.value });
    expect(restore.status).toBe(409);
    expect(restore.json).toEqual({ error: { code: recorded.error!.code, message: recorded.error!.message.replace('{id}', set.json.id as string) } });
  });

  describe('through @azure/keyvault-secrets: the SDK sends the recorded sequence and gets the recorded statuses', () => {
    const poll = { intervalInMs: 10 };

    /** A fresh client (so its first request meets the challenge, as in every recording) whose wire traffic is logged. */
    function recordingClient(): { client: SecretClient; seen: string[] } {
      const seen: string[] = [];
      const inner = createDefaultHttpClient();
      const httpClient: HttpClient = {
        async sendRequest(request) {
          const response = await inner.sendRequest(request);
          seen.push(`${request.method} ${new URL(request.url).pathname} ${response.status}`);
          return response;
        },
      };
      const credential = mintedTokenCredential(sandbox.context, { user: USERS.officer });
      return { client: new SecretClient(origin, credential, { disableChallengeResourceVerification: true, httpClient, serviceVersion: '7.6' }), seen };
    }

    /** The SDK calls each recording was made with (from the SDK's own test names and request sequences). */
    const SCENARIOS: Record<string, (client: SecretClient, names: string[]) => Promise<void>> = {
      'get-non-existing': async (c, [n]) => {
        await expect(c.getSecret(n!)).rejects.toMatchObject({ statusCode: 404, code: 'SecretNotFound' });
      },
      'disabled-secret': async (c, [n]) => {
        await c.setSecret(n!, 'SECRET_VALUE', { enabled: false });
        await expect(c.getSecret(n!)).rejects.toMatchObject({ statusCode: 403, code: 'Forbidden', details: { error: { innerError: { code: 'SecretDisabled' } } } });
      },
      'empty-name': async (c) => {
        await expect(c.setSecret('', 'SECRET_VALUE')).rejects.toMatchObject({ statusCode: 405, code: 'MethodNotAllowed' });
      },
      'update-disabled': async (c, [n]) => {
        await c.setSecret(n!, 'SECRET_VALUE', { enabled: false });
        const updated = await c.updateSecretProperties(n!, '', { expiresOn: new Date(1798761600 * 1000) });
        expect(updated.expiresOn?.getTime()).toBe(1798761600 * 1000);
      },
      'set-with-attributes': async (c, [n]) => {
        await c.setSecret(n!, 'SECRET_VALUE', { expiresOn: new Date(1798761600 * 1000) });
        expect((await c.getSecret(n!)).properties.expiresOn?.getTime()).toBe(1798761600 * 1000);
      },
      delete: async (c, [n]) => {
        await c.setSecret(n!, 'SECRET_VALUE');
        await (await c.beginDeleteSecret(n!, poll)).pollUntilDone();
        await expect(c.getSecret(n!)).rejects.toMatchObject({ statusCode: 404 });
      },
      'delete-non-existing': async (c, [n]) => {
        await expect(c.beginDeleteSecret(n!, poll)).rejects.toMatchObject({ statusCode: 404, code: 'SecretNotFound' });
      },
      'get-deleted-non-existing': async (c, [n]) => {
        await expect(c.beginDeleteSecret(n!, poll)).rejects.toMatchObject({ statusCode: 404, code: 'SecretNotFound' });
      },
      'versions-non-existing': async (c, [n]) => {
        const versions = [];
        for await (const v of c.listPropertiesOfSecretVersions(n!)) versions.push(v);
        expect(versions).toEqual([]);
      },
      'list-by-page': async (c, [a, b]) => {
        await c.setSecret(a!, 'RSA');
        await c.setSecret(b!, 'RSA');
        const pages = c.listPropertiesOfSecrets().byPage({ maxPageSize: 1 });
        expect((await pages.next()).value).toHaveLength(1);
        expect((await pages.next()).value).toHaveLength(1);
      },
      'backup-non-existing': async (c, [n]) => {
        await expect(c.backupSecret(n!)).rejects.toMatchObject({ statusCode: 404, code: 'SecretNotFound' });
      },
      'recover-non-existing': async (c, [n]) => {
        await expect(c.beginRecoverDeletedSecret(n!, poll)).rejects.toMatchObject({ statusCode: 404, code: 'SecretNotFound' });
      },
      'restore-malformed': async (c) => {
        await expect(c.restoreSecretBackup(new Uint8Array(48))).rejects.toMatchObject({ statusCode: 400, code: 'Malformed backup blob' });
      },
      restore: async (c, [n]) => {
        await c.setSecret(n!, 'RSA');
        const backup = await c.backupSecret(n!);
        await (await c.beginDeleteSecret(n!, poll)).pollUntilDone();
        await c.purgeDeletedSecret(n!);
        const restored = await c.restoreSecretBackup(backup!);
        expect(restored.name).toBe(n);
        await (await c.beginDeleteSecret(n!, poll)).pollUntilDone();
        await c.purgeDeletedSecret(n!);
      },
      'wait-until-recovered': async (c, [n]) => {
        await c.setSecret(n!, 'value');
        await (await c.beginDeleteSecret(n!, poll)).pollUntilDone();
        const recovered = await (await c.beginRecoverDeletedSecret(n!, poll)).pollUntilDone();
        expect(recovered.name).toBe(n);
      },
    };

    it('has an SDK scenario for every recording except the raw-only listing', () => {
      expect(sorted(Object.keys(SCENARIOS))).toEqual(sorted(Object.keys(RECORDINGS).filter((id) => id !== 'list-properties')));
    });

    for (const [id, scenario] of Object.entries(SCENARIOS)) {
      it(`SDK replay: ${id}`, async () => {
        const recording = RECORDINGS[id]!;
        const names = freshNames(recording);
        const { client, seen } = recordingClient();
        await scenario(client, names);
        const expected = recording.entries
          .filter((e) => !e.transient)
          .map((e) => `${e.method} ${e.path === '$nextLink' ? '/secrets' : fill(e.path, names).split('?')[0]} ${e.status}`);
        expect(seen).toEqual(expected);
      });
    }
  });
});
