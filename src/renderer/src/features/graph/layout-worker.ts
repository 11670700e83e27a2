/// <reference lib="webworker" />
/** Runs the layout off the UI thread for large graphs. */
import { type LayoutInput, layoutGraph } from './layout';

self.onmessage = (e: MessageEvent<{ id: number; input: LayoutInput }>) => {
  self.postMessage({ id: e.data.id, positions: layoutGraph(e.data.input) });
};
