import { X509Certificate } from 'node:crypto';
import { isLoopbackHost } from '../security/loopback.js';

/**
 * Demo mode trusts the bundled sandbox's private CA — explicitly, and ONLY for the sandbox's own
 * loopback origins. Two network stacks need it, and neither gets it from NODE_EXTRA_CA_CERTS:
 *
 * - Node (MSAL and the Graph client use Node's fetch/undici; the Key Vault SDK uses node:https).
 *   NODE_EXTRA_CA_CERTS is read only at process start (the CA may not exist yet: the sandbox makes
 *   it on first start), and Electron honours it only while the EnableNodeOptionsEnvironmentVariable
 *   fuse is on (electron/electron#41689), which build/fuses.cjs turns off in packaged builds. A
 *   per-client https.Agent/undici dispatcher would need hooks inside three SDK factories. So the
 *   one place every Node TLS client goes through, `tls.connect`, is wrapped: a connection to
 *   exactly a sandbox host:port that brings no CA of its own is verified against the sandbox CA
 *   (and only that CA); every other connection is passed through untouched, with Node's normal roots.
 * - Chromium (the demo sign-in window shows the sandbox's sign-in pages): a certificate verify proc
 *   on that window's own session partition, accepting only a loopback host whose chain is signed
 *   by the sandbox CA; the partition's request filter (demo-sign-in-window.ts) stops any request
 *   to another origin, so the port is pinned there. Nothing is ever trusted in configured mode,
 *   and there is no 'certificate-error' override anywhere.
 */

/** The sandbox's TLS identity: its CA and the https origins it serves (authority, Graph, one per vault). */
export interface SandboxTrust {
  caPem: string;
  origins: readonly string[];
}

/** `host:port` keys of the sandbox's loopback https origins (others are ignored). */
export function sandboxEndpoints(origins: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const origin of origins) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      continue;
    }
    if (url.protocol !== 'https:' || !isLoopbackHost(url.hostname)) continue;
    const port = url.port || '443';
    // The sandbox binds 127.0.0.1 and ::1 on the same port; clients may use any loopback name.
    for (const host of ['localhost', '127.0.0.1', '::1']) keys.add(`${host}:${port}`);
  }
  return keys;
}

/** node:tls as far as the wrapper needs it (`import tls from 'node:tls'`). */
export interface TlsModule {
  connect: (...args: never[]) => unknown;
}

/**
 * Wraps `tls.connect` so connections to the sandbox's endpoints verify against its CA.
 * Only the options-object form is inspected (what node:https and undici use); connections that
 * set their own `ca` or `secureContext` are left alone. Returns the function that restores the
 * original.
 */
export function trustSandboxCaInNode(tlsModule: TlsModule, trust: SandboxTrust): () => void {
  const endpoints = sandboxEndpoints(trust.origins);
  const original = tlsModule.connect;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const [options] = args;
    if (options && typeof options === 'object' && !Array.isArray(options)) {
      const o = options as { host?: unknown; servername?: unknown; port?: unknown; ca?: unknown; secureContext?: unknown };
      const host = String(o.host ?? o.servername ?? 'localhost').replace(/^\[|\]$/g, '');
      if (o.ca === undefined && o.secureContext === undefined && endpoints.has(`${host}:${String(o.port ?? 443)}`)) {
        args[0] = { ...o, ca: [trust.caPem] };
      }
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  tlsModule.connect = wrapped as TlsModule['connect'];
  return () => {
    if (tlsModule.connect === wrapped) tlsModule.connect = original;
  };
}

/** Electron's certificate verify request (session.setCertificateVerifyProc), as far as used. */
export interface VerifyRequest {
  hostname: string;
  certificate: { data: string; issuerCert?: VerifyRequest['certificate'] | null };
  errorCode: number;
}

/** setCertificateVerifyProc results (https://www.electronjs.org/docs/latest/api/session#sessetcertificateverifyprocproc). */
export const VERIFY = { accept: 0, reject: -2, useChromium: -3 } as const;

/** net::ERR_CERT_AUTHORITY_INVALID: the only error the sandbox CA may cure. */
const ERR_CERT_AUTHORITY_INVALID = -202;

const derOf = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

/**
 * A verify proc for the demo sign-in partition. Accepts (0) only when ALL hold: the host is
 * loopback; Chromium's only complaint is an unknown authority; the chain's top certificate is the
 * sandbox CA; the leaf is signed by it, currently valid and issued for that host. Everything else
 * keeps Chromium's own verdict (-3) — a public site in this partition is verified normally.
 */
export function sandboxCertificateVerifyProc(trust: SandboxTrust, now: () => number = Date.now) {
  const ca = new X509Certificate(trust.caPem);
  const caDer = derOf(trust.caPem);
  return (request: VerifyRequest, callback: (result: number) => void): void => {
    callback(acceptsSandboxCertificate(request, ca, caDer, now()) ? VERIFY.accept : VERIFY.useChromium);
  };
}

function acceptsSandboxCertificate(request: VerifyRequest, ca: X509Certificate, caDer: string, now: number): boolean {
  try {
    const host = request.hostname.replace(/^\[|\]$/g, '');
    if (!isLoopbackHost(host) || request.errorCode !== ERR_CERT_AUTHORITY_INVALID) return false;
    let top = request.certificate;
    for (let depth = 0; top.issuerCert && top.issuerCert !== top && depth < 5; depth++) top = top.issuerCert;
    if (derOf(top.data) !== caDer) return false;
    const leaf = new X509Certificate(request.certificate.data);
    if (!leaf.verify(ca.publicKey)) return false;
    if (now < Date.parse(leaf.validFrom) || now > Date.parse(leaf.validTo)) return false;
    return host.includes(':') || /^\d+\.\d+\.\d+\.\d+$/.test(host) ? leaf.checkIP(host) !== undefined : leaf.checkHost(host) !== undefined;
  } catch {
    return false;
  }
}
