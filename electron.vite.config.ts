import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { DEV_CONTENT_SECURITY_POLICY, RENDERER_META_CSP } from './src/main/shell-config';

const root = import.meta.dirname;

/** `electron-vite dev` only: React refresh needs an inline script, so the dev server relaxes the meta CSP. */
function devContentSecurityPolicy(): Plugin {
  return {
    name: 'datalake:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(RENDERER_META_CSP, DEV_CONTENT_SECURITY_POLICY),
  };
}

/**
 * Three builds: main (ESM; node_modules dependencies stay external and load at run time), preload (one
 * CommonJS file with everything bundled, because a sandboxed preload can only `require('electron')`), and
 * the renderer (React; loaded by Electron from out/renderer and served by the web host).
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          // A worker thread's entry, loaded from beside index.js (engine/registries/local-copy/copy-pool.ts).
          'copy-worker': resolve(root, 'src/main/engine/registries/local-copy/copy-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    build: {
      // electron-vite leaves every build unminified by default; the renderer is served to browsers too and
      // is the largest bundle, so it is minified (no eval or inline code: the CSP stays as strict).
      minify: true,
      rolldownOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
    },
    plugins: [react(), devContentSecurityPolicy()],
  },
});
