/**
 * Finds the Electron binary WITHOUT triggering the download that `require('electron')` starts when it is
 * missing. Mirrors the lookups of electron-vite (ELECTRON_EXEC_PATH first) and of
 * node_modules/electron/index.js: `path.txt` names the executable inside `dist/`, and
 * ELECTRON_OVERRIDE_DIST_PATH replaces `dist/`. Used by `npm start` and the Electron-launch specs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/** node_modules/electron of this project, or null when the package is not installed. */
export function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

export function findElectronBinary(
  packageDir: string | null = electronPackageDir(),
  env: NodeJS.ProcessEnv = process.env,
): ElectronBinary {
  if (env.ELECTRON_EXEC_PATH) {
    return existsSync(env.ELECTRON_EXEC_PATH)
      ? { found: true, path: env.ELECTRON_EXEC_PATH }
      : { found: false, reason: `ELECTRON_EXEC_PATH names ${env.ELECTRON_EXEC_PATH}, which does not exist` };
  }
  if (!packageDir) return { found: false, reason: 'the electron package is not installed' };
  const pathFile = join(packageDir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const path = join(override, name || 'electron');
    return existsSync(path)
      ? { found: true, path }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH names ${path}, which does not exist` };
  }
  if (!name) {
    return {
      found: false,
      reason: `${pathFile} is missing: the Electron binary was never downloaded into ${join(packageDir, 'dist')}`,
    };
  }
  const path = join(packageDir, 'dist', name);
  return existsSync(path) ? { found: true, path } : { found: false, reason: `${path} does not exist` };
}
