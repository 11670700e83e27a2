/**
 * A SecretStore in `<dataDir>/secrets.json` (mode 0600). Used by the web host, which has no OS keychain:
 * the file is readable only by the user, but NOT encrypted, and every user-facing surface says so.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SecretStore } from './secret-store';

export const FILE_SECRETS_WARNING =
  'Saved passwords are stored unencrypted in secrets.json (readable only by your user account). ' +
  'The desktop app encrypts them with the operating system keychain; the web host cannot.';

export class FileSecretStore implements SecretStore {
  readonly protection = { encrypted: false, warning: FILE_SECRETS_WARNING };
  readonly path: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'secrets.json');
  }

  async get(key: string): Promise<string | undefined> {
    const all = await this.readAll();
    return Object.hasOwn(all, key) ? all[key] : undefined;
  }

  set(key: string, value: string): Promise<void> {
    return this.update((all) => {
      all[key] = value;
    });
  }

  delete(key: string): Promise<void> {
    return this.update((all) => {
      delete all[key];
    });
  }

  private async readAll(): Promise<Record<string, string>> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.path, 'utf8'));
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, string>)
        : {};
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  }

  /** Read-modify-write, serialised so two concurrent saves cannot lose each other's secret. */
  private update(change: (all: Record<string, string>) => void): Promise<void> {
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
