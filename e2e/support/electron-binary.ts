/**
 * The Electron binary for the Electron-launch specs, found the way `npm start` finds it (without the
 * download that `require('electron')` would start: some machines, this project's CI among them, cannot
 * reach GitHub, where the binary comes from).
 */
export { type ElectronBinary, findElectronBinary } from '../../scripts/electron-binary';

export function electronSkipMessage(reason: string): string {
  return (
    `Electron-launch specs did not run: no Electron binary on this machine (${reason}); ` +
    '`npm start` downloads it where GitHub (or ELECTRON_MIRROR) is reachable'
  );
}
