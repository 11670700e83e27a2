/**
 * Where a dropped or chosen file is on disk, in the desktop app: the preload's one narrow helper
 * (Electron's `webUtils.getPathForFile`), never Node itself. Null in a browser or for a file that is
 * not on disk (text dragged from another page).
 */
export interface DesktopFiles {
  pathForFile?(file: File): string;
}

export function pathForFile(file: File): string | null {
  const bridge = typeof window !== 'undefined' ? window.datalake : undefined;
  if (!bridge?.pathForFile) return null;
  try {
    const path = bridge.pathForFile(file);
    return path ? path : null;
  } catch {
    return null;
  }
}
