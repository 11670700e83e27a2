/**
 * A SecretStore in `<dataDir>/secrets.json` (mode 0600). Used by the web host, which has no OS keychain:
 * the file is readable only by the user, but NOT encrypted, and every user-facing surface says so.
 */
import { join } from 'node:path';
import { JsonFileMap } from './json-file-map';
import type { SecretStore } from './secret-store';

export const FILE_SECRETS_WARNING =
  'Saved passwords are stored unencrypted in secrets.json (readable only by your user account). ' +
  'The desktop app encrypts them with the operating system keychain; the web host cannot.';

export class FileSecretStore implements SecretStore {
  readonly protection = { encrypted: false, warning: FILE_SECRETS_WARNING };
  readonly path: string;
  private readonly file: JsonFileMap<string>;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'secrets.json');
    this.file = new JsonFileMap(this.path);
  }

  async get(key: string): Promise<string | undefined> {
    const all = await this.file.readAll();
    return Object.hasOwn(all, key) ? all[key] : undefined;
  }

  set(key: string, value: string): Promise<void> {
    return this.file.update((all) => {
      all[key] = value;
    });
  }

  delete(key: string): Promise<void> {
    return this.file.update((all) => {
      delete all[key];
    });
  }
}
