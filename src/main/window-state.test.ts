import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WINDOW_DEFAULTS } from './shell-config';
import { fitToDisplays, loadWindowState, parseWindowState, saveWindowState } from './window-state';

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'window-state-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const screen = { x: 0, y: 0, width: 1920, height: 1040 };

describe('window state', () => {
  it('round-trips through window-state.json', async () => {
    const file = join(await tempDir(), 'nested', 'window-state.json');
    await saveWindowState(file, { x: 40, y: 30, width: 1400, height: 900, maximized: true });
    expect(await loadWindowState(file, WINDOW_DEFAULTS)).toEqual({
      x: 40,
      y: 30,
      width: 1400,
      height: 900,
      maximized: true,
    });
    expect(JSON.parse(await readFile(file, 'utf8')).width).toBe(1400);
  });

  it('falls back to the defaults for a missing or corrupt file', async () => {
    const dir = await tempDir();
    const defaults = { width: WINDOW_DEFAULTS.width, height: WINDOW_DEFAULTS.height, maximized: false };
    expect(await loadWindowState(join(dir, 'absent.json'), WINDOW_DEFAULTS)).toEqual(defaults);
    await writeFile(join(dir, 'bad.json'), '{"width": 12');
    expect(await loadWindowState(join(dir, 'bad.json'), WINDOW_DEFAULTS)).toEqual(defaults);
  });

  it('ignores implausible values and enforces the minimum size', () => {
    expect(
      parseWindowState({ width: 'wide', height: 10, x: 5, y: null, maximized: 'yes' }, WINDOW_DEFAULTS),
    ).toEqual({
      width: WINDOW_DEFAULTS.width,
      height: WINDOW_DEFAULTS.minHeight,
      maximized: false,
    });
  });

  it('keeps a position that is on a display', () => {
    const state = { x: 100, y: 80, width: 1200, height: 800, maximized: false };
    expect(fitToDisplays(state, [screen])).toEqual(state);
  });

  it('centres a window left on an unplugged display and shrinks it to the biggest screen', () => {
    const state = { x: 2500, y: 100, width: 2400, height: 1400, maximized: false };
    expect(fitToDisplays(state, [screen])).toEqual({ width: 1920, height: 1040, maximized: false });
  });
});
