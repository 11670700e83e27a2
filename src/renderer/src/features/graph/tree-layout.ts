/**
 * Left-to-right layout of a forest in linear time (pure, so it is unit-tested). A derivation graph is a
 * forest: every datum has at most one parent (a missing parent is one warning node). Each tree is laid out
 * by generation: a column per depth, leaves stacked top to bottom in the order their edges were given, and
 * each parent centred on its children. This is what dagre draws for a tree, without its crossing
 * minimisation, which has nothing to do on a tree and takes seconds on a node with 2,000 children.
 */
import type { LayoutInput, Positions } from './layout';

export const RANK_GAP = 56;
export const ROW_GAP = 18;
const MARGIN = 10;

/** Positions (top-left) of a forest's nodes, or null when the graph is not a forest (a node with two parents). */
export function layoutForest(input: LayoutInput): Positions | null {
  const size = new Map(input.nodes.map((n) => [n.id, n]));
  const children = new Map<string, string[]>();
  const parentOf = new Map<string, string>();
  for (const e of input.edges) {
    if (!size.has(e.source) || !size.has(e.target) || e.source === e.target) continue;
    const had = parentOf.get(e.target);
    if (had !== undefined) {
      if (had === e.source) continue; // the same edge twice
      return null;
    }
    parentOf.set(e.target, e.source);
    const list = children.get(e.source) ?? [];
    list.push(e.target);
    children.set(e.source, list);
  }
  const roots = input.nodes.filter((n) => !parentOf.has(n.id)).map((n) => n.id);
  const columnWidth = Math.max(0, ...input.nodes.map((n) => n.width));
  const out: Positions = {};
  let cursor = MARGIN; // the top of the next leaf
  let placed = 0;

  // Iterative post-order walk (a chain thousands deep must not overflow the stack).
  for (const root of roots) {
    const stack: Array<{ id: string; depth: number; next: number }> = [{ id: root, depth: 0, next: 0 }];
    const centre = new Map<string, number>();
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const kids = children.get(top.id) ?? [];
      if (top.next < kids.length) {
        stack.push({ id: kids[top.next++], depth: top.depth + 1, next: 0 });
        continue;
      }
      stack.pop();
      const node = size.get(top.id)!;
      let y: number;
      if (kids.length === 0) {
        y = cursor + node.height / 2;
        cursor += node.height + ROW_GAP;
      } else {
        y = (centre.get(kids[0])! + centre.get(kids[kids.length - 1])!) / 2;
      }
      centre.set(top.id, y);
      out[top.id] = { x: MARGIN + top.depth * (columnWidth + RANK_GAP), y: y - node.height / 2 };
      placed++;
    }
  }
  // Every node of a forest is reached from a root; a cycle leaves some unplaced.
  return placed === input.nodes.length ? out : null;
}
