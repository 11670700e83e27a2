/**
 * Runs once before the browser tests: builds the app (the web host serves out/renderer and the Electron
 * specs launch out/main) and checks the browser is there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_PATH, RENDERER_DIR, ROOT } from './support/paths';

export default function globalSetup(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install Debian's (apt-get install -y chromium) or set DLB_CHROMIUM. ` +
        'The tests never download a browser.',
    );
  }
  if (process.env.DLB_E2E_SKIP_BUILD !== '1') {
    const started = Date.now();
    execFileSync(join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], { cwd: ROOT, stdio: 'pipe' });
    console.log(`Built the app with electron-vite in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('out/renderer/index.html is missing after the build: run `npx electron-vite build`');
  }
}
