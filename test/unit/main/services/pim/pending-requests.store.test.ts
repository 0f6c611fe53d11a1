import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FilePendingRequestStore } from '../../../../../main/services/pim/pending-requests.store.js';

describe('FilePendingRequestStore', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads a file an earlier version wrote with the copy/reveal-on-Ready intent: the request is still followed, the intent dropped', async () => {
    dir = mkdtempSync(join(tmpdir(), 'jit-pending-'));
    const file = join(dir, 'pending.json');
    const record = { requestId: 'r1', accountId: 'acc|t', tenantId: 't', groupId: 'g', submittedAt: 10 };
    writeFileSync(file, JSON.stringify([{ ...record, thenOpen: { vault: 'kv', name: 's', action: 'copy' } }]));
    const store = new FilePendingRequestStore(file);
    expect(await store.load()).toEqual([record]);
    await store.save(await store.load());
    expect(await new FilePendingRequestStore(file).load()).toEqual([record]);
  });
});
