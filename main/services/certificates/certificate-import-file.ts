import { createPrivateKey } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { AppError } from '../errors.js';

/**
 * Largest file read for an import. A PFX or PEM with a key and a long chain is a few kB; Key Vault
 * stores the result as the certificate's secret, whose values are capped at 25 KB, and the sandbox
 * refuses request bodies over 256 KB with 413. This cap only keeps a wrong file (a disk image, a
 * log) from being read into memory: anything under it goes to Key Vault, which has the last word.
 */
export const MAX_IMPORT_FILE_BYTES = 256 * 1024;

/** What the import learnt from the file itself (never its folder). */
export interface ImportFileFacts {
  fileName: string;
  sizeBytes: number;
  format: 'pfx' | 'pem';
  pem?: { certificates: number; privateKey: 'none' | 'plain' | 'encrypted'; keyFormat?: 'pkcs8' | 'legacy' };
  suggestedName: string;
}

/** The file system calls the import makes (a port so a test can prove the size is checked before any read). */
export interface ImportFileSystem {
  /** Size and kind of `path` without reading it. */
  stat(path: string): Promise<{ size: number; isFile: boolean }>;
  /** Reads at most `maxBytes` of `path`. */
  read(path: string, maxBytes: number): Promise<Buffer>;
}

/** The real file system. `read` stops at `maxBytes` even if the file grew after the `stat`. */
export const nodeImportFileSystem: ImportFileSystem = {
  async stat(path) {
    const s = await stat(path);
    return { size: s.size, isFile: s.isFile() };
  },
  async read(path, maxBytes) {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(maxBytes + 1);
      let total = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total > maxBytes) break;
      }
      return buffer.subarray(0, total);
    } finally {
      await handle.close();
    }
  },
};

function sizeInWords(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;
}

/**
 * Reads a chosen file for import: its size first (a file over {@link MAX_IMPORT_FILE_BYTES} is refused
 * without being read), then its bytes. A folder, a missing file or an unreadable one get a plain error.
 */
export async function readImportFile(fs: ImportFileSystem, path: string): Promise<{ bytes: Buffer; facts: ImportFileFacts }> {
  const fileName = basename(path);
  let info: { size: number; isFile: boolean };
  try {
    info = await fs.stat(path);
  } catch (error) {
    throw new AppError('item-unsupported', `"${fileName}" could not be opened (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}). Choose the file again.`, { cause: error });
  }
  if (!info.isFile) throw new AppError('item-unsupported', `"${fileName}" is not a file. Choose a .pfx, .p12 or .pem file.`);
  if (info.size === 0) throw new AppError('item-unsupported', `"${fileName}" is empty. Choose the .pfx, .p12 or .pem file that holds the certificate and its private key.`);
  const tooLarge = (size: number) =>
    new AppError(
      'item-unsupported',
      `"${fileName}" is ${sizeInWords(size)}: too large to be a certificate (at most ${sizeInWords(MAX_IMPORT_FILE_BYTES)}; a PFX or PEM is usually a few kB). Check that you chose the right file.`,
    );
  if (info.size > MAX_IMPORT_FILE_BYTES) throw tooLarge(info.size);
  let bytes: Buffer;
  try {
    bytes = await fs.read(path, MAX_IMPORT_FILE_BYTES);
  } catch (error) {
    throw new AppError('item-unsupported', `"${fileName}" could not be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}). Check that you may read it and choose it again.`, { cause: error });
  }
  if (bytes.length > MAX_IMPORT_FILE_BYTES) throw tooLarge(bytes.length);
  return { bytes, facts: describeImportFile(fileName, bytes) };
}

const PEM_LABEL = /-----BEGIN ([A-Z0-9 ]+)-----/g;
/** PKCS#1 (RSA) and SEC1 (EC) key blocks, as OpenSSL's older commands and many CAs write them. */
const LEGACY_KEY_LABELS = new Set(['RSA PRIVATE KEY', 'EC PRIVATE KEY']);
const LEGACY_KEY_BLOCK = /-----BEGIN (RSA|EC) PRIVATE KEY-----\r?\n[\s\S]*?-----END \1 PRIVATE KEY-----\r?\n?/g;

/**
 * PEM when the file is text with PEM armour (Key Vault's PEM import: key and certificates in one
 * file); everything else goes to Key Vault as PKCS#12, which judges it. A PFX downloaded from Key
 * Vault's secret is base64 text: it is decoded back to its DER bytes.
 */
export function describeImportFile(fileName: string, bytes: Buffer): ImportFileFacts {
  const suggestedName = basename(fileName, extname(fileName)).replace(/[^0-9A-Za-z-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 127) || 'imported-certificate';
  const head = bytes.subarray(0, 4096).toString('latin1');
  if (head.includes('-----BEGIN ')) {
    const labels = [...bytes.toString('utf8').matchAll(PEM_LABEL)].map((m) => m[1]!);
    const text = bytes.toString('utf8');
    const keys = labels.filter((l) => l.endsWith('PRIVATE KEY'));
    const legacy = keys.some((l) => LEGACY_KEY_LABELS.has(l));
    const encrypted = keys.some((l) => l.startsWith('ENCRYPTED')) || (legacy && /Proc-Type:\s*4,ENCRYPTED/.test(text));
    const privateKey = keys.length === 0 ? 'none' : encrypted ? 'encrypted' : 'plain';
    const pem: NonNullable<ImportFileFacts['pem']> = { certificates: labels.filter((l) => l === 'CERTIFICATE').length, privateKey };
    if (keys.length) pem.keyFormat = legacy ? 'legacy' : 'pkcs8';
    return { fileName, sizeBytes: bytes.length, format: 'pem', pem, suggestedName };
  }
  return { fileName, sizeBytes: bytes.length, format: 'pfx', suggestedName };
}

/**
 * Key Vault "will only accept a key in PKCS#8 format" (REST reference, Import Certificate). An
 * unencrypted PKCS#1 or SEC1 key is the same key in an older wrapping: it is re-wrapped as PKCS#8
 * here, in memory, so the import works as the user expects. An encrypted one cannot be re-wrapped
 * without its password and is left for Key Vault to refuse (the message says how to convert it).
 */
function pemWithPkcs8Key(bytes: Buffer): Uint8Array {
  const text = bytes.toString('utf8');
  if (!text.includes(' PRIVATE KEY-----')) return bytes;
  let changed = false;
  const converted = text.replace(LEGACY_KEY_BLOCK, (block) => {
    if (/Proc-Type:\s*4,ENCRYPTED/.test(block)) return block;
    try {
      const pkcs8 = createPrivateKey({ key: block, format: 'pem' }).export({ type: 'pkcs8', format: 'pem' }).toString();
      changed = true;
      return pkcs8;
    } catch {
      return block; // unreadable: Key Vault judges it
    }
  });
  return changed ? Buffer.from(converted, 'utf8') : bytes;
}

/** The bytes the SDK is given: a base64-text PFX (as Key Vault's secret holds it) is decoded; the rest is sent as is. */
export function importBytes(bytes: Buffer, format: 'pfx' | 'pem'): Uint8Array {
  if (format === 'pem') return pemWithPkcs8Key(bytes);
  const text = bytes.toString('latin1').trim();
  if (text.length > 0 && /^[A-Za-z0-9+/=\r\n]+$/.test(text)) {
    const decoded = Buffer.from(text, 'base64');
    if (decoded[0] === 0x30) return decoded;
  }
  return bytes;
}
