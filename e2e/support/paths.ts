/** Where the e2e harness finds the repository, the built renderer and the browser. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const RENDERER_DIR = join(ROOT, 'out/renderer');
export const MAIN_ENTRY = join(ROOT, 'out/main/index.js');
export const SCREENSHOTS_DIR = join(ROOT, 'docs/screenshots');
/** Debian's Chromium; the tests never download a browser. */
export const CHROMIUM_PATH = process.env.DLB_CHROMIUM ?? '/usr/bin/chromium';
