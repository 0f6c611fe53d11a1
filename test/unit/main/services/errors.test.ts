import { inspect } from 'node:util';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../main/services/errors.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.CANARY-bearer-token-payload.sig';

describe('AppError causes', () => {
  it('drops the failed request (and its Authorization header) from an SDK error kept as the cause', () => {
    const request = createPipelineRequest({ url: 'https://kv.vault.azure.net/secrets/x', headers: createHttpHeaders({ authorization: `Bearer ${TOKEN}` }) });
    const response = { request, status: 429, headers: createHttpHeaders({ 'retry-after': '7' }) };
    const raw = new RestError('Throttled', { code: 'Throttled', statusCode: 429, request, response });
    const error = new AppError('vault-throttled', 'Slow down', { cause: raw });
    expect(error.cause).toMatchObject({ name: 'RestError', message: 'Throttled', code: 'Throttled', statusCode: 429 });
    expect((error.cause as { headers: { get(n: string): string | undefined } }).headers.get('retry-after')).toBe('7');
    for (const text of [inspect(error, { depth: 10 }), JSON.stringify(error.cause), JSON.stringify({ ...(error.cause as object) })]) {
      expect(text).not.toContain('CANARY-bearer-token');
    }
  });

  it('keeps other causes as they are', () => {
    const cause = new Error('plain');
    expect(new AppError('unknown', 'x', { cause }).cause).toBe(cause);
  });
});
