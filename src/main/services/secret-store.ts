/**
 * The port through which connection passwords are kept out of connections.json.
 * The Electron shell implements it with `safeStorage`; the web host uses the file-backed store.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Whether secrets are encrypted at rest, and a warning to show the user when they are not. */
  readonly protection: { encrypted: boolean; warning?: string };
}
