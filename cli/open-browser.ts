import { spawn } from 'node:child_process';

/**
 * Opens a sign-in page in the system browser (`login` without `--device-code`). The URL is the
 * authorize request (no secret in it: PKCE keeps the verifier in this process).
 */
export function openInBrowser(url: string): Promise<void> {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.once('error', () => reject(new Error(`No browser could be opened here (${command}). Use: jit-vault login --device-code`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
