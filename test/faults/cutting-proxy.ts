import { readFileSync } from 'node:fs';
import { request as httpsRequest, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * An HTTPS reverse proxy in front of one sandbox origin that can cut a connection in the MIDDLE of
 * a response: it sends the status line, the headers (with the full Content-Length) and half of the
 * body, then destroys the socket. The sandbox's own `reset` fault drops a connection before any
 * byte of the answer; this is the other half of "connection reset". It serves the test run's
 * localhost certificate (JIT_VAULT_TEST_TLS_DIR), so clients see the same trust as for the sandbox.
 * Not a test file.
 */
export class CuttingProxy {
  private server: Server | undefined;
  private cutsLeft = 0;
  private cutPath: RegExp | undefined;
  /** Responses cut so far. */
  cuts = 0;
  /** Requests forwarded (cut or not). */
  requests = 0;

  constructor(private readonly target: string) {}

  /** The proxy's origin (https://localhost:port). */
  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('proxy not started');
    return `https://localhost:${address.port}`;
  }

  /** Cut the next `count` responses whose path matches `path` (default: any). */
  cutNext(count: number, path?: RegExp): void {
    this.cutsLeft = count;
    this.cutPath = path;
  }

  async start(): Promise<this> {
    const tlsDir = process.env.JIT_VAULT_TEST_TLS_DIR;
    if (!tlsDir) throw new Error('JIT_VAULT_TEST_TLS_DIR is not set: run through vitest');
    const target = new URL(this.target);
    this.server = createServer({ cert: readFileSync(join(tlsDir, 'localhost.pem')), key: readFileSync(join(tlsDir, 'localhost-key.pem')) }, (req, res) => {
      this.requests++;
      const upstream = httpsRequest(
        { host: '127.0.0.1', servername: 'localhost', port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const body = Buffer.concat(chunks);
            const cut = this.cutsLeft > 0 && (!this.cutPath || this.cutPath.test(req.url ?? '')) && body.length > 1;
            const headers = { ...answer.headers, 'content-length': String(body.length) };
            delete headers['transfer-encoding'];
            res.writeHead(answer.statusCode ?? 502, headers);
            if (!cut) {
              res.end(body);
              return;
            }
            this.cutsLeft--;
            this.cuts++;
            res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
          });
        },
      );
      upstream.on('error', () => res.socket?.destroy());
      req.pipe(upstream);
    });
    this.server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
