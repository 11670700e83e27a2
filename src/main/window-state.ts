/**
 * Remembering the window's size and position between runs, in `<userData>/window-state.json`.
 * Pure (fs only) so it is tested without Electron; window.ts feeds it the displays' work areas.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent: let the OS centre the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface WindowSizeLimits {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Anything unreadable or implausible falls back to the defaults, never to an error. */
export function parseWindowState(raw: unknown, limits: WindowSizeLimits): WindowState {
  const fallback: WindowState = { width: limits.width, height: limits.height, maximized: false };
  if (!raw || typeof raw !== 'object') return fallback;
  const r = raw as Record<string, unknown>;
  const state: WindowState = {
    width: finite(r.width) ? Math.max(limits.minWidth, Math.round(r.width)) : limits.width,
    height: finite(r.height) ? Math.max(limits.minHeight, Math.round(r.height)) : limits.height,
    maximized: r.maximized === true,
  };
  if (finite(r.x) && finite(r.y)) {
    state.x = Math.round(r.x);
    state.y = Math.round(r.y);
  }
  return state;
}

/**
 * Keeps a remembered window reachable: if a display was unplugged and the window would open mostly
 * off-screen, it is centred instead, and it never opens larger than the biggest work area.
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  if (workAreas.length === 0) return state;
  const biggest = workAreas.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  const width = Math.min(state.width, biggest.width);
  const height = Math.min(state.height, biggest.height);
  const fitted: WindowState = { width, height, maximized: state.maximized };
  if (state.x === undefined || state.y === undefined) return fitted;
  const win = { x: state.x, y: state.y, width, height };
  const visible = Math.max(...workAreas.map((area) => overlap(win, area)));
  // Less than a third of the window on any display: treat the position as stale.
  if (visible < (width * height) / 3) return fitted;
  return { ...fitted, x: state.x, y: state.y };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

export async function loadWindowState(file: string, limits: WindowSizeLimits): Promise<WindowState> {
  try {
    return parseWindowState(JSON.parse(await readFile(file, 'utf8')), limits);
  } catch {
    return parseWindowState(undefined, limits);
  }
}

/** Written through a temporary file, so a crash mid-write leaves the previous state intact. */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(tmp, file);
}
