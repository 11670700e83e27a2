/**
 * Keyboard movement in the results grid (pure): arrows move the active cell, Page Up/Down move by a page of
 * rows, Home/End go to the first/last row (Ctrl/Cmd with Left/Right to the first/last column).
 */

export interface CellPos {
  row: number;
  col: number;
}

export interface GridSize {
  rows: number;
  cols: number;
  /** Rows in one page (what the viewport shows). */
  page: number;
}

export function moveActive(key: string, mod: boolean, pos: CellPos, size: GridSize): CellPos | null {
  if (size.rows === 0 || size.cols === 0) return null;
  const clampRow = (r: number) => Math.max(0, Math.min(size.rows - 1, r));
  const clampCol = (c: number) => Math.max(0, Math.min(size.cols - 1, c));
  const page = Math.max(1, size.page - 1);
  switch (key) {
    case 'ArrowDown':
      return { row: clampRow(pos.row + 1), col: pos.col };
    case 'ArrowUp':
      return { row: clampRow(pos.row - 1), col: pos.col };
    case 'ArrowRight':
      return { row: pos.row, col: mod ? size.cols - 1 : clampCol(pos.col + 1) };
    case 'ArrowLeft':
      return { row: pos.row, col: mod ? 0 : clampCol(pos.col - 1) };
    case 'PageDown':
      return { row: clampRow(pos.row + page), col: pos.col };
    case 'PageUp':
      return { row: clampRow(pos.row - page), col: pos.col };
    case 'Home':
      return { row: 0, col: pos.col };
    case 'End':
      return { row: size.rows - 1, col: pos.col };
    default:
      return null;
  }
}
