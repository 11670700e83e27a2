/**
 * The desktop app's SecretStore: each secret encrypted with Electron's `safeStorage` (the OS keychain:
 * Keychain, DPAPI, libsecret/KWallet) and kept base64-encoded in `<userData>/secrets.safe.json`.
 * Where no keychain is available (Linux without a secret service), secrets are still kept, marked as
 * unprotected, and `protection` says so, so that the UI can warn instead of failing to save.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { safeStorage } from 'electron';
import type { SecretStore } from './services';

type Entry = { format: 'safeStorage' | 'plain'; value: string };

export const UNPROTECTED_SECRETS_WARNING =
  'No system keychain is available, so saved passwords are stored unencrypted in secrets.safe.json ' +
  '(readable only by your user account).';

export class SafeStorageSecretStore implements SecretStore {
  private queue: Promise<unknown> = Promise.resolve();
  private available: boolean | undefined;

  constructor(readonly path: string) {}

  /** Call once after `app.whenReady()`; safeStorage cannot answer before. */
  async init(): Promise<void> {
    this.available = await safeStorage.isAsyncEncryptionAvailable();
  }

  get protection(): { encrypted: boolean; warning?: string } {
    const weak = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
    return this.available && !weak
      ? { encrypted: true }
      : { encrypted: false, warning: UNPROTECTED_SECRETS_WARNING };
  }

  async get(key: string): Promise<string | undefined> {
    const entry = (await this.readAll())[key];
    if (!entry) return undefined;
    if (entry.format === 'plain') return entry.value;
    const { result } = await safeStorage.decryptStringAsync(Buffer.from(entry.value, 'base64'));
    return result;
  }

  async set(key: string, value: string): Promise<void> {
    const entry: Entry = this.available
      ? { format: 'safeStorage', value: (await safeStorage.encryptStringAsync(value)).toString('base64') }
      : { format: 'plain', value };
    await this.update((all) => {
      all[key] = entry;
    });
  }

  delete(key: string): Promise<void> {
    return this.update((all) => {
      delete all[key];
    });
  }

  private async readAll(): Promise<Record<string, Entry>> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.path, 'utf8'));
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, Entry>)
        : {};
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  }

  /** Serialised read-modify-write through a temporary file (user-only permissions). */
  private update(change: (all: Record<string, Entry>) => void): Promise<void> {
    const next = this.queue.then(async () => {
      const all = await this.readAll();
      change(all);
      await mkdir(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
      await chmod(tmp, 0o600);
      await rename(tmp, this.path);
    });
    this.queue = next.catch(() => {});
    return next;
  }
}
