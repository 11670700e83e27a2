/** The desktop host's file dialogs for exports, attached to the window that asked (the focused one). */
import { BrowserWindow, dialog } from 'electron';
import type { HostDialogs } from './services';

export const electronDialogs: HostDialogs = {
  async chooseSavePath({ title, defaultName, filters }) {
    const window = BrowserWindow.getFocusedWindow();
    const options = {
      title,
      defaultPath: defaultName,
      filters,
      properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
    };
    const result = window
      ? await dialog.showSaveDialog(window, options)
      : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  },
  async chooseFolder({ title }) {
    const window = BrowserWindow.getFocusedWindow();
    const options = { title, properties: ['openDirectory' as const, 'createDirectory' as const] };
    const result = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
  },
};
