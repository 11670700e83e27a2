/**
 * Lays a graph out: a forest (every derivation graph) on the UI thread in linear time; anything else with
 * dagre, on the UI thread when small (no worker start-up to wait for) and in a Web Worker past WORKER_FROM
 * nodes so a big graph never freezes the page while dagre works.
 */
import { type LayoutInput, layoutGraph, type Positions } from './layout';
import { layoutForest } from './tree-layout';

export const WORKER_FROM = 300;

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, (p: Positions) => void>();

function layoutWorker(): Worker | null {
  if (worker) return worker;
  try {
    worker = new Worker(new URL('./layout-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<{ id: number; positions: Positions }>) => {
      waiting.get(e.data.id)?.(e.data.positions);
      waiting.delete(e.data.id);
    };
    return worker;
  } catch {
    return null;
  }
}

export function layout(input: LayoutInput): Promise<Positions> {
  const forest = layoutForest(input);
  if (forest) return Promise.resolve(forest);
  const w = input.nodes.length >= WORKER_FROM ? layoutWorker() : null;
  if (!w) return Promise.resolve(layoutGraph(input));
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    w.postMessage({ id, input });
  });
}
