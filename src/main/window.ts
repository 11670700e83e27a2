/** The main window: options from shell-config.ts, shown when ready, its size and place remembered. */
import { join } from 'node:path';
import { BrowserWindow, nativeTheme, screen } from 'electron';
import { type RendererLocation, WEB_PREFERENCES, WINDOW_DEFAULTS } from './shell-config';
import { fitToDisplays, loadWindowState, saveWindowState, type WindowState } from './window-state';

export interface MainWindowOptions {
  userDataDir: string;
  location: RendererLocation;
}

export async function createMainWindow({ userDataDir, location }: MainWindowOptions): Promise<BrowserWindow> {
  const stateFile = join(userDataDir, 'window-state.json');
  const remembered = await loadWindowState(stateFile, WINDOW_DEFAULTS);
  const state = fitToDisplays(
    remembered,
    screen.getAllDisplays().map((d) => d.workArea),
  );

  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: WINDOW_DEFAULTS.minWidth,
    minHeight: WINDOW_DEFAULTS.minHeight,
    title: WINDOW_DEFAULTS.title,
    show: false,
    // Matches --bg of the renderer's theme, so no white flash before the first paint.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181b' : '#f5f6f8',
    webPreferences: { ...WEB_PREFERENCES },
  });

  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });

  rememberState(win, stateFile);

  if (location.kind === 'dev') await win.loadURL(location.url);
  else await win.loadFile(location.indexPath);
  return win;
}

/** Saves the normal (un-maximised) bounds shortly after each move or resize, and once more on close. */
function rememberState(win: BrowserWindow, file: string): void {
  let timer: NodeJS.Timeout | undefined;
  const snapshot = (): WindowState => {
    const bounds = win.getNormalBounds();
    return { ...bounds, maximized: win.isMaximized() };
  };
  const save = (state: WindowState) => {
    saveWindowState(file, state).catch((err) => console.error('could not save the window state:', err));
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!win.isDestroyed()) save(snapshot());
    }, 500);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) {
    win.on(event as 'resize', schedule);
  }
  win.on('close', () => {
    clearTimeout(timer);
    save(snapshot());
  });
}
