/** The application menu: the usual items, roles and shortcuts of a desktop app, and an About box. */
import { app, BrowserWindow, dialog, Menu, type MenuItemConstructorOptions, shell } from 'electron';

export interface MenuOptions {
  productName: string;
  dataDir: string;
  /** Reload and developer tools are offered only while developing. */
  isDev: boolean;
}

export function installAppMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options)));
}

export function menuTemplate({ productName, dataDir, isDev }: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = process.platform === 'darwin';
  const about: MenuItemConstructorOptions = {
    label: `About ${productName}`,
    click: () => void showAbout(productName, dataDir),
  };

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: productName,
      submenu: [
        about,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'Open Data Folder', click: () => void shell.openPath(dataDir) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        ...(isDev
          ? ([
              { role: 'reload' },
              { role: 'forceReload' },
              { role: 'toggleDevTools' },
              { type: 'separator' },
            ] as const)
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Window',
      submenu: isMac
        ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
        : [{ role: 'minimize' }, { role: 'close' }],
    },
    {
      role: 'help',
      submenu: isMac ? [{ label: 'Open Data Folder', click: () => void shell.openPath(dataDir) }] : [about],
    },
  );
  return template;
}

async function showAbout(productName: string, dataDir: string): Promise<void> {
  const v = process.versions;
  const detail = [
    `Version ${app.getVersion()}`,
    '',
    `Electron ${v.electron}`,
    `Chromium ${v.chrome}`,
    `Node.js ${v.node}`,
    `V8 ${v.v8}`,
    '',
    `Data folder: ${dataDir}`,
  ].join('\n');
  const parent = BrowserWindow.getFocusedWindow();
  const opts = {
    type: 'info' as const,
    title: `About ${productName}`,
    message: productName,
    detail,
    buttons: ['OK'],
  };
  await (parent ? dialog.showMessageBox(parent, opts) : dialog.showMessageBox(opts));
}
