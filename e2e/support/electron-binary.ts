/**
 * Finds the Electron binary WITHOUT triggering the download that `require('electron')` starts when it is
 * missing (these machines cannot reach GitHub, where the binary comes from). Mirrors the lookup of
 * node_modules/electron/index.js: `path.txt` names the executable inside `dist/`, and
 * ELECTRON_OVERRIDE_DIST_PATH replaces `dist/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export function findElectronBinary(): ElectronBinary {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (override) {
    const path = join(override, name || 'electron');
    return existsSync(path)
      ? { found: true, path }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH names ${path}, which does not exist` };
  }
  if (!name) {
    return {
      found: false,
      reason: `${pathFile} is missing: the Electron binary was never downloaded into node_modules/electron/dist`,
    };
  }
  const path = join(packageDir, 'dist', name);
  return existsSync(path) ? { found: true, path } : { found: false, reason: `${path} does not exist` };
}

export function electronSkipMessage(reason: string): string {
  return `Electron-launch specs did not run: no Electron binary on this machine (${reason})`;
}
