import { describe, expect, it } from 'vitest';
import { keyAction, PAN_STEP, type PlacedNode } from './graph-keyboard';

// root → a, b (one column, a above b); a → c.
const nodes: PlacedNode[] = [
  { id: 'root', kind: 'datum', x: 0, y: 100 },
  { id: 'a', kind: 'datum', x: 260, y: 50 },
  { id: 'b', kind: 'cluster', x: 260, y: 150 },
  { id: 'c', kind: 'datum', x: 520, y: 50 },
];
const edges = [
  { source: 'root', target: 'b' },
  { source: 'root', target: 'a' },
  { source: 'a', target: 'c' },
];
const press = (key: string, selected: string | null, shift = false) =>
  keyAction(key, shift, selected, nodes, edges);

describe('graph keyboard', () => {
  it('moves the selection along edges and within a generation', () => {
    expect(press('ArrowRight', 'root')).toEqual({ kind: 'select', id: 'a' }); // the topmost child
    expect(press('ArrowDown', 'a')).toEqual({ kind: 'select', id: 'b' });
    expect(press('ArrowUp', 'b')).toEqual({ kind: 'select', id: 'a' });
    expect(press('ArrowUp', 'a')).toBeNull();
    expect(press('ArrowLeft', 'c')).toEqual({ kind: 'select', id: 'a' });
    expect(press('ArrowLeft', 'root')).toBeNull();
    expect(press('ArrowRight', 'c')).toBeNull();
  });

  it('starts at the leftmost node when nothing is selected', () => {
    expect(press('ArrowDown', null)).toEqual({ kind: 'select', id: 'root' });
    expect(press('ArrowDown', 'gone')).toEqual({ kind: 'select', id: 'root' });
    expect(keyAction('ArrowDown', false, null, [], [])).toBeNull();
  });

  it('expands datums with Enter, not clusters', () => {
    expect(press('Enter', 'a')).toEqual({ kind: 'toggle', id: 'a' });
    expect(press('Enter', 'b')).toBeNull();
  });

  it('zooms, fits and pans whatever is selected', () => {
    expect(press('+', null)).toEqual({ kind: 'zoom', direction: 1 });
    expect(press('=', 'a')).toEqual({ kind: 'zoom', direction: 1 });
    expect(press('-', 'a')).toEqual({ kind: 'zoom', direction: -1 });
    expect(press('0', 'a')).toEqual({ kind: 'fit' });
    expect(press('ArrowRight', 'a', true)).toEqual({ kind: 'pan', dx: -PAN_STEP, dy: 0 });
    expect(press('ArrowUp', null, true)).toEqual({ kind: 'pan', dx: 0, dy: PAN_STEP });
    expect(press('x', 'a')).toBeNull();
  });
});
