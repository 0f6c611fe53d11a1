import { describe, expect, it } from 'vitest';
import { foreignProcessEnv } from '../../../../main/security/foreign-process-env.js';

describe('foreignProcessEnv: what a process that is not ours (xdg-open) inherits', () => {
  it('drops our sandbox-CA trust and the preview re-exec mark, keeps the rest, leaves the input alone', () => {
    const ours = { PATH: '/usr/bin', DISPLAY: ':0', NODE_EXTRA_CA_CERTS: '/state/sandbox/ca.pem', JIT_VAULT_PREVIEW_CA_SET: '1' };
    const foreign = foreignProcessEnv(ours);
    expect(foreign).toEqual({ PATH: '/usr/bin', DISPLAY: ':0' });
    expect(ours.NODE_EXTRA_CA_CERTS).toBe('/state/sandbox/ca.pem');
  });
});
