/**
 * `npm run serve`: the web host on 127.0.0.1. Options: --port N (default: a free port),
 * --data-dir DIR (default: $DATALAKE_BROWSER_DATA_DIR or ~/.config/datalake-browser),
 * --renderer-dir DIR (default: out/renderer).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FILE_SECRETS_WARNING } from '../services/file-secret-store';
import { defaultDataDir } from './data-dir';
import { startWebHost } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'renderer-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('Usage: npm run serve -- [--port N] [--data-dir DIR] [--renderer-dir DIR]');
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got "${values.port}"`);
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();
  const host = await startWebHost({
    dataDir,
    port,
    rendererDir: values['renderer-dir'] ? resolve(values['renderer-dir']) : undefined,
  });
  console.log(`Data folder: ${dataDir}`);
  console.log(`Note: ${FILE_SECRETS_WARNING}`);
  console.log(`Datalake Browser: ${host.url}`);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    host.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(
    `Datalake Browser web host failed to start: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
});
