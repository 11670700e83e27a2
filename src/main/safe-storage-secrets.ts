/**
 * The desktop app's SecretStore: each secret encrypted with Electron's `safeStorage` (the OS keychain:
 * Keychain, DPAPI, libsecret/KWallet) and kept base64-encoded in `<userData>/secrets.safe.json`.
 * Where no keychain is available (Linux without a secret service), secrets are still kept, marked as
 * unprotected, and `protection` says so, so that the UI can warn instead of failing to save.
 */
import { safeStorage } from 'electron';
import type { SecretStore } from './services';
import { JsonFileMap } from './services/json-file-map';

type Entry = { format: 'safeStorage' | 'plain'; value: string };

export const UNPROTECTED_SECRETS_WARNING =
  'No system keychain is available, so saved passwords are stored unencrypted in secrets.safe.json ' +
  '(readable only by your user account).';

export class SafeStorageSecretStore implements SecretStore {
  private available: boolean | undefined;
  private readonly file: JsonFileMap<Entry>;

  constructor(readonly path: string) {
    this.file = new JsonFileMap(path);
  }

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
    const entry = (await this.file.readAll())[key];
    if (!entry) return undefined;
    if (entry.format === 'plain') return entry.value;
    const { result } = await safeStorage.decryptStringAsync(Buffer.from(entry.value, 'base64'));
    return result;
  }

  async set(key: string, value: string): Promise<void> {
    const entry: Entry = this.available
      ? { format: 'safeStorage', value: (await safeStorage.encryptStringAsync(value)).toString('base64') }
      : { format: 'plain', value };
    await this.file.update((all) => {
      all[key] = entry;
    });
  }

  delete(key: string): Promise<void> {
    return this.file.update((all) => {
      delete all[key];
    });
  }
}
