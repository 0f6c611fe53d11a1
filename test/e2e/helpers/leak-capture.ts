import { ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import type { Hit, Needle } from '../../faults/leak-scan.js';

/**
 * Capture and scan helpers for the end-to-end leak scan (test/e2e/leak-e2e.test.ts). Like
 * test/faults/leak-scan.ts, nothing here prints a captured value: hits name the place and the
 * needle's label only.
 */

/** Token strings seen on the wire from the sandbox's token endpoint. */
export interface WireTokens {
  refreshTokens: Set<string>;
  /** Access and ID tokens (JWTs). */
  jwts: Set<string>;
  restore(): void;
}

/**
 * Records every token the sandbox's Entra token endpoint answers with (`/oauth2/v2.0/token` and
 * `/oauth2/token`: refresh_token, access_token, id_token), for the duration of the test file, by
 * wrapping `ServerResponse.prototype.end` in this (forked) worker. The sandbox runs in-process with
 * the preview, so this sees exactly the bodies its token endpoint sends — the refresh tokens are
 * opaque strings the sandbox keeps only as hashes, so the wire is the one place to learn them.
 */
export function captureTokenResponses(): WireTokens {
  const refreshTokens = new Set<string>();
  const jwts = new Set<string>();
  const original = ServerResponse.prototype.end;
  const patched = function (this: ServerResponse, ...args: unknown[]) {
    const [chunk] = args;
    const path = this.req?.url?.split('?')[0] ?? '';
    if (/\/oauth2(\/v2\.0)?\/token$/.test(path) && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
      try {
        const body = JSON.parse(chunk.toString()) as Record<string, unknown>;
        if (typeof body.refresh_token === 'string') refreshTokens.add(body.refresh_token);
        for (const key of ['access_token', 'id_token']) if (typeof body[key] === 'string') jwts.add(body[key]);
      } catch {
        // Not JSON (an error page): nothing to record.
      }
    }
    return (original as (...a: unknown[]) => ServerResponse).apply(this, args);
  };
  ServerResponse.prototype.end = patched as typeof original;
  return { refreshTokens, jwts, restore: () => void (ServerResponse.prototype.end = original) };
}

/** Everything this process writes to stdout and stderr while capturing (the preview runs in it). */
export function captureProcessOutput(): { text(): string; restore(): void } {
  let text = '';
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((stream) => stream.write.bind(stream));
  streams.forEach((stream, i) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1');
      return (originals[i] as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  });
  return {
    text: () => text,
    restore: () => streams.forEach((stream, i) => void (stream.write = originals[i] as typeof stream.write)),
  };
}

/**
 * The page origin's storage as one JSON string: localStorage, sessionStorage, every IndexedDB
 * database's object stores, and every Cache Storage entry with its body. A string (not a function)
 * so no transpiler helper leaks into the page; evaluated over the DevTools protocol, so the app's
 * CSP does not apply to it.
 */
const STORAGE_DUMP = String.raw`(async () => {
  const out = { localStorage: {}, sessionStorage: {}, indexedDB: [], cacheStorage: [] };
  for (const [name, store] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]]) {
    for (let i = 0; i < store.length; i++) out[name][store.key(i)] = store.getItem(store.key(i));
  }
  const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  for (const info of await indexedDB.databases()) {
    const db = await request(indexedDB.open(info.name));
    for (const storeName of db.objectStoreNames) {
      const values = await request(db.transaction(storeName).objectStore(storeName).getAll());
      out.indexedDB.push({ database: info.name, store: storeName, values: JSON.stringify(values) });
    }
    db.close();
  }
  if (self.caches) {
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const key of await cache.keys()) {
        const response = await cache.match(key);
        out.cacheStorage.push({ cache: name, url: key.url, body: response ? await response.text() : '' });
      }
    }
  }
  return JSON.stringify(out);
})()`;

/** The page's storage (see STORAGE_DUMP) and how much of each kind it holds. */
export async function dumpPageStorage(page: Page): Promise<{ text: string; counts: Record<string, number> }> {
  const text = (await page.evaluate(STORAGE_DUMP)) as string;
  const parsed = JSON.parse(text) as { localStorage: object; sessionStorage: object; indexedDB: unknown[]; cacheStorage: unknown[] };
  return {
    text,
    counts: {
      localStorage: Object.keys(parsed.localStorage).length,
      sessionStorage: Object.keys(parsed.sessionStorage).length,
      indexedDB: parsed.indexedDB.length,
      cacheStorage: parsed.cacheStorage.length,
    },
  };
}

/** Hits of `needles` in `text`, reported as `where`. */
export function scanText(where: string, text: string, needles: Needle[]): Hit[] {
  return needles.filter((n) => n.value && text.includes(n.value)).map((n) => ({ where, label: n.label }));
}
