/**
 * Lays a graph out: on the UI thread when small (no worker start-up to wait for), in a Web Worker past
 * WORKER_FROM nodes so a big neighbourhood never freezes the page while dagre works.
 */
import { type LayoutInput, layoutGraph, type Positions } from './layout';

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
  const w = input.nodes.length >= WORKER_FROM ? layoutWorker() : null;
  if (!w) return Promise.resolve(layoutGraph(input));
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    w.postMessage({ id, input });
  });
}
