/**
 * Electron entry: one instance, secure defaults for every web contents, the services behind IPC,
 * the app menu, and the main window. Business logic lives in ./services; this file only wires it.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { electronDialogs } from './dialogs';
import { registerIpc } from './ipc';
import { installAppMenu } from './menu';
import { handlePayloads, PAYLOAD_SCHEME_PRIVILEGES } from './payload-protocol';
import { SafeStorageSecretStore } from './safe-storage-secrets';
import { guardWebContents, installSessionSecurity } from './security';
import { createDispatcher, createServices, type Services } from './services';
import { RENDERER_INDEX_PATH, type RendererLocation } from './shell-config';
import { createMainWindow } from './window';

const PRODUCT_NAME = 'Datalake Browser';

// Tests and power users can point the app at another data folder (the web host honours the same variable).
if (process.env.DATALAKE_BROWSER_DATA_DIR) app.setPath('userData', process.env.DATALAKE_BROWSER_DATA_DIR);

const isDev = !app.isPackaged && Boolean(process.env.ELECTRON_RENDERER_URL);
const location: RendererLocation = isDev
  ? { kind: 'dev', url: process.env.ELECTRON_RENDERER_URL as string }
  : { kind: 'file', indexPath: RENDERER_INDEX_PATH };

let services: Services | undefined;
let mainWindow: BrowserWindow | undefined;

// Must happen before the app is ready: payload bytes come through this scheme (see payload-protocol.ts).
protocol.registerSchemesAsPrivileged([PAYLOAD_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the data folder (and the embedded store's lock): hand over to it.
  app.quit();
} else {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, location));
  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (services && BrowserWindow.getAllWindows().length === 0) void openWindow();
  });
  app.on('will-quit', (event) => {
    if (!services) return;
    // Close the datalake cleanly (running jobs cancelled, embedded store flushed) before exiting.
    event.preventDefault();
    const closing = services;
    services = undefined;
    closing
      .close()
      .catch((err) => console.error('closing the services failed:', err))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      dialog.showErrorBox(`${PRODUCT_NAME} could not start`, message);
      app.exit(1);
    });
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const secrets = new SafeStorageSecretStore(join(dataDir, 'secrets.safe.json'));
  await secrets.init();
  services = await createServices({
    dataDir,
    secrets,
    app: {
      name: PRODUCT_NAME,
      version: app.getVersion(),
      versions: {
        node: process.versions.node,
        electron: process.versions.electron,
        chrome: process.versions.chrome,
      },
      host: 'electron',
    },
    dialogs: electronDialogs,
  });
  installSessionSecurity(session.defaultSession, location);
  handlePayloads(session.defaultSession.protocol, services.payloads);
  registerIpc({ ipcMain, dispatcher: createDispatcher(services), sessions: services.sessions, location });
  installAppMenu({ productName: PRODUCT_NAME, dataDir, isDev });
  await openWindow();
}

async function openWindow(): Promise<void> {
  mainWindow = await createMainWindow({ userDataDir: app.getPath('userData'), location });
}
