import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The web host's data folder: $DATALAKE_BROWSER_DATA_DIR, else ~/.config/datalake-browser (XDG aware). */
export function defaultDataDir(): string {
  const fromEnv = process.env.DATALAKE_BROWSER_DATA_DIR;
  if (fromEnv) return resolve(fromEnv);
  const config = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'datalake-browser');
}
