/**
 * The React Flow canvas: the model's nodes at their laid-out positions, a minimap, zoom controls, and the
 * keyboard (graph-keyboard.ts); the view follows the keyboard's selection. The view opens, and follows an
 * expansion, at a readable zoom: when everything does not fit at READABLE_ZOOM it frames the focus and its
 * neighbours instead, and the minimap (or 0, or the fit button) shows the whole. Far out, nodes show their
 * type alone (`graph-canvas--far`).
 */
import {
  ControlButton,
  Controls,
  getViewportForBounds,
  MiniMap,
  type Node,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  type ReactFlowState,
  useReactFlow,
  useStore,
  useStoreApi,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { edgeBox, trunkStarts } from './edge-trunks';
import { EDGE_TYPES, type TreeEdgeType } from './graph-edges';
import { keyAction, type PlacedNode } from './graph-keyboard';
import type { ModelEdge, ModelNode } from './graph-model';
import { NODE_SIZE, NODE_TYPES } from './graph-nodes';
import { type Selection, useGraph } from './graph-store';
import { FAR_ZOOM, FIT_PADDING, MAX_FIT_ZOOM, READABLE_ZOOM, readableView } from './graph-viewport';
import type { Positions } from './layout';
import { layout } from './layout-client';
import { typeColour } from './type-colours';
import { useFit } from './use-fit';
import { CULL_EDGES_FROM, overlaps, useViewBand } from './view-band';

interface CanvasProps {
  /** True once the opening loads are done: the first fit waits for it, so it frames the whole neighbourhood. */
  settled: boolean;
  model: { nodes: ModelNode[]; edges: ModelEdge[] };
  focus: string;
  selected: Selection;
  pending: Set<string>;
  /** A short note drawn over the canvas (e.g. "no children"). */
  note?: string | null;
  /** `expand`: a click (which also expands); the keyboard only selects. */
  onSelect(node: ModelNode, how: { expand: boolean }): void;
}

export function GraphCanvas(props: CanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

const farSelector = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;

/** What 0 and the Fit View control show: every node, never blown up past its natural size. */
const FIT_ALL = { padding: 0.08, maxZoom: MAX_FIT_ZOOM, duration: 150 } as const;

function minimapColour(n: Node): string {
  const m = (n.data as { model: ModelNode }).model;
  if (m.kind === 'warning') return '#c1352c';
  return typeColour(m.kind === 'datum' ? m.datum.type : m.type);
}

function Canvas({ settled, model, focus, selected, pending, note, onSelect }: CanvasProps) {
  const [positions, setPositions] = useState<Positions | null>(null);
  const flow = useReactFlow();
  const store = useStoreApi();
  const fitted = useRef(false);
  const far = useStore(farSelector);
  const fitNodes = useFit();

  // Lay out whenever the model changes (selection and pending expansions are not part of it).
  useEffect(() => {
    let live = true;
    void layout({
      nodes: model.nodes.map((n) => ({ id: n.id, ...NODE_SIZE[n.kind] })),
      edges: model.edges,
    }).then((p) => {
      if (live) setPositions(p);
    });
    return () => {
      live = false;
    };
  }, [model]);

  // One data object per model node and busy flag, kept across renders, so a selection change re-renders
  // the two nodes it touches rather than every node (the node components are memoised on their props).
  const dataCache = useRef(new Map<string, { model: ModelNode; busy: boolean }>());
  const nodes: Node[] = useMemo(() => {
    if (!positions) return [];
    const cache = dataCache.current;
    const next = new Map<string, { model: ModelNode; busy: boolean }>();
    const out: Node[] = [];
    for (const n of model.nodes) {
      const position = positions[n.id];
      if (!position) continue;
      const busy = pending.has(n.id);
      const had = cache.get(n.id);
      const data = had && had.model === n && had.busy === busy ? had : { model: n, busy };
      next.set(n.id, data);
      out.push({
        id: n.id,
        type: n.kind,
        position,
        data,
        selected: selected?.id === n.id,
        width: NODE_SIZE[n.kind].width,
        height: NODE_SIZE[n.kind].height,
      });
    }
    dataCache.current = next;
    return out;
  }, [model, positions, selected, pending]);

  // Every edge with the box its drawing covers; the canvas passes React Flow those near the view only.
  const allEdges = useMemo(() => {
    const sizeOf = new Map(model.nodes.map((n) => [n.id, NODE_SIZE[n.kind]]));
    const anchorOf = (id: string) => {
      const p = positions?.[id];
      const size = sizeOf.get(id);
      return p && size ? { y: p.y + size.height / 2, left: p.x, right: p.x + size.width } : undefined;
    };
    const starts = trunkStarts(model.edges, anchorOf);
    return model.edges.map((e) => {
      // The selected path is drawn whole, so its highlight runs from the parent to the child.
      const from = e.onPath ? null : (starts.get(e.id) ?? null);
      const s = anchorOf(e.source);
      const t = anchorOf(e.target);
      const edge: TreeEdgeType = {
        id: e.id,
        source: e.source,
        target: e.target,
        type: 'tree',
        data: { from },
        className: `gedge${e.onPath ? ' gedge--path' : ''}${e.dimmed ? ' gedge--dimmed' : ''}`,
        focusable: false,
        selectable: false,
      };
      return { edge, box: s && t ? edgeBox(s.right, s.y, t.left, t.y, from) : null };
    });
  }, [model, positions]);

  const band = useViewBand(allEdges.length > CULL_EDGES_FROM);
  const edges = useMemo(
    () =>
      band === null
        ? allEdges.map((e) => e.edge)
        : allEdges.filter((e) => !e.box || overlaps(e.box, band)).map((e) => e.edge),
    [allEdges, band],
  );

  const laidOut = positions !== null && model.nodes.every((n) => positions[n.id]);

  /**
   * Fits everything when that keeps a readable zoom; otherwise shows the graph at READABLE_ZOOM from the
   * focus's parent (or the focus) rightwards, centred on the focus vertically when it is too tall.
   */
  const frame = (focusId: string, duration: number) => {
    const { width, height } = store.getState();
    const all = flow.getNodes();
    const bounds = flow.getNodesBounds(all);
    const whole = getViewportForBounds(bounds, width, height, 0, 4, FIT_PADDING);
    if (whole.zoom >= READABLE_ZOOM) {
      fitNodes({ padding: FIT_PADDING, maxZoom: MAX_FIT_ZOOM, duration });
      return;
    }
    const at = positions?.[focusId];
    if (!at) return;
    const parentId = model.edges.find((e) => e.target === focusId)?.source;
    const from = (parentId && positions?.[parentId]) || at;
    const view = readableView(bounds, { width, height }, { ...at, ...NODE_SIZE.datum }, from.x);
    void flow.setCenter(view.x, view.y, { zoom: READABLE_ZOOM, duration });
  };

  useEffect(() => {
    if (!settled || !laidOut || fitted.current || nodes.length === 0) return;
    fitted.current = true;
    requestAnimationFrame(() => frame(focus, 0));
  });

  // After an expansion (or a pull-out), bring the node and its children into sight.
  const reveal = useGraph((s) => s.reveal);
  useEffect(() => {
    if (!reveal || !laidOut || !positions?.[reveal]) return;
    useGraph.getState().clearReveal();
    const ids = neighbourhood(reveal, model.edges, positions);
    requestAnimationFrame(() =>
      fitNodes({
        nodes: ids,
        padding: 0.15,
        minZoom: READABLE_ZOOM,
        maxZoom: Math.max(flow.getZoom(), READABLE_ZOOM),
        duration: 200,
      }),
    );
  }, [reveal, laidOut, positions, model, flow, fitNodes]);

  const placed: PlacedNode[] = useMemo(
    () => nodes.map((n) => ({ id: n.id, kind: n.type as PlacedNode['kind'], ...n.position })),
    [nodes],
  );

  const follow = (id: string) => {
    const m = model.nodes.find((x) => x.id === id);
    const p = positions?.[id];
    if (!m || !p) return;
    onSelect(m, { expand: false });
    const size = NODE_SIZE[m.kind];
    // Keep the zoom, unless it is too far out to read the node the keyboard landed on.
    void flow.setCenter(p.x + size.width / 2, p.y + size.height / 2, {
      zoom: Math.max(flow.getZoom(), READABLE_ZOOM),
      duration: 150,
    });
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.target as HTMLElement).closest('input, textarea, select, button')) return;
    const action = keyAction(e.key, e.shiftKey, selected?.id ?? null, placed, model.edges);
    if (!action) return;
    e.preventDefault();
    if (action.kind === 'pan') {
      const vp = flow.getViewport();
      void flow.setViewport({ ...vp, x: vp.x + action.dx, y: vp.y + action.dy }, { duration: 80 });
    } else if (action.kind === 'zoom') {
      void (action.direction > 0 ? flow.zoomIn({ duration: 100 }) : flow.zoomOut({ duration: 100 }));
    } else if (action.kind === 'fit') {
      fitNodes(FIT_ALL);
    } else if (action.kind === 'toggle') {
      void useGraph.getState().toggle(action.id);
    } else {
      follow(action.id);
    }
  };

  return (
    <div
      className={`graph-canvas${far ? ' graph-canvas--far' : ''}`}
      role="application"
      aria-label="Graph canvas: arrows move the selection, Enter expands, + and − zoom, 0 fits, Shift+arrows pan"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the canvas takes the keyboard as a whole (see above)
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        colorMode="system"
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable
        onlyRenderVisibleElements
        minZoom={0.05}
        maxZoom={2.5}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_, node) => {
          const m = model.nodes.find((x) => x.id === node.id);
          if (m) onSelect(m, { expand: true });
        }}
      >
        <MiniMap
          pannable
          zoomable
          ariaLabel="Minimap"
          nodeColor={minimapColour}
          nodeBorderRadius={3}
          maskStrokeWidth={1}
          style={{ width: 180, height: 120 }}
        />
        <Controls showInteractive={false} showFitView={false}>
          <ControlButton
            className="react-flow__controls-fitview"
            onClick={() => fitNodes(FIT_ALL)}
            title="Fit View"
            aria-label="Fit View"
          >
            <FitIcon />
          </ControlButton>
        </Controls>
        {(note || !laidOut) && (
          <Panel position="top-left" className="graph-canvas__note" aria-live="polite">
            {laidOut ? note : `Laying out ${model.nodes.length.toLocaleString()} nodes…`}
          </Panel>
        )}
      </ReactFlow>
    </div>
  );
}

/** A node and the nodes one edge away: what an opening or an expansion should show at least. */
function neighbourhood(id: string, edges: ModelEdge[], positions: Positions | null): string[] {
  const ids = new Set([id]);
  for (const e of edges) {
    if (e.source === id) ids.add(e.target);
    if (e.target === id) ids.add(e.source);
  }
  return [...ids].filter((x) => positions?.[x]);
}

/** Four corners, as React Flow draws its own fit button (which this one replaces, see use-fit.ts). */
function FitIcon() {
  return (
    <svg viewBox="0 0 32 30" aria-hidden="true">
      <path d="M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z" />
    </svg>
  );
}
