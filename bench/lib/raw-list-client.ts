import { Agent, request } from 'node:https';

/**
 * The least any client can do to list Key Vault secrets: raw HTTPS GETs on one keep-alive agent
 * per vault, the bearer token sent up front (no challenge round trip, no SDK pipeline, no mapping
 * beyond JSON.parse), following `nextLink` page after page, all vaults in parallel. The catalog
 * benchmark's "limit" baseline: the fastest this sandbox can be listed on this machine.
 */
export async function rawListAll(vaultUrls: readonly string[], token: string, pageSize: number): Promise<{ items: number; pages: number; firstMs: number }> {
  const started = performance.now();
  let firstMs = Number.NaN;
  let items = 0;
  let pages = 0;
  await Promise.all(
    vaultUrls.map(async (vaultUrl) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        let next: string | undefined = `${vaultUrl.replace(/\/$/, '')}/secrets?api-version=7.5&maxresults=${pageSize}`;
        while (next) {
          const page = (await getJson(next, token, agent)) as { value?: unknown[]; nextLink?: string | null };
          if (Number.isNaN(firstMs)) firstMs = performance.now() - started;
          items += page.value?.length ?? 0;
          pages++;
          next = page.nextLink ?? undefined;
        }
      } finally {
        agent.destroy();
      }
    }),
  );
  return { items, pages, firstMs };
}

function getJson(url: string, token: string, agent: Agent): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) reject(new Error(`GET ${new URL(url).pathname}: HTTP ${res.statusCode} ${body.slice(0, 200)}`));
        else resolve(JSON.parse(body));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
