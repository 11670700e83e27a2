/**
 * The React Flow canvas: the model's nodes at their laid-out positions, a minimap, zoom controls, and the
 * keyboard: arrows move the selection (left: parent, right: first child, up/down: the neighbour in the same
 * generation) and the view follows it; Enter expands or collapses; + and − zoom; 0 fits; Shift+arrows pan.
 */
import {
  Background,
  Controls,
  type Edge,
  MiniMap,
  type Node,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ModelEdge, ModelNode } from './graph-model';
import { NODE_SIZE, NODE_TYPES } from './graph-nodes';
import { type Selection, useGraph } from './graph-store';
import type { Positions } from './layout';
import { layout } from './layout-client';
import { typeColour, UNTYPED_COLOUR } from './type-colours';

interface CanvasProps {
  /** True once the opening loads are done: the first fit waits for it, so it frames the whole neighbourhood. */
  settled: boolean;
  model: { nodes: ModelNode[]; edges: ModelEdge[] };
  selected: Selection;
  pending: Set<string>;
  onSelect(node: ModelNode): void;
}

export function GraphCanvas(props: CanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas({ settled, model, selected, pending, onSelect }: CanvasProps) {
  const [positions, setPositions] = useState<Positions | null>(null);
  const flow = useReactFlow();
  const fitted = useRef(false);
  const wrapper = useRef<HTMLDivElement>(null);

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

  const nodes: Node[] = useMemo(() => {
    if (!positions) return [];
    return model.nodes
      .filter((n) => positions[n.id])
      .map((n) => ({
        id: n.id,
        type: n.kind,
        position: positions[n.id],
        data: { model: n, busy: pending.has(n.id) },
        selected: selected?.id === n.id,
        width: NODE_SIZE[n.kind].width,
        height: NODE_SIZE[n.kind].height,
      }));
  }, [model, positions, selected, pending]);

  const edges: Edge[] = useMemo(
    () =>
      model.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        className: `gedge${e.onPath ? ' gedge--path' : ''}${e.dimmed ? ' gedge--dimmed' : ''}`,
      })),
    [model],
  );

  useEffect(() => {
    if (!settled || !positions || fitted.current || nodes.length === 0) return;
    if (model.nodes.some((n) => !positions[n.id])) return; // the layout of the last change is on its way
    fitted.current = true;
    requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1.2 }));
  }, [settled, positions, nodes.length, model, flow]);

  // After an expansion (or a pull-out), bring the node and its children into sight.
  const reveal = useGraph((s) => s.reveal);
  useEffect(() => {
    if (!reveal || !positions?.[reveal]) return;
    if (model.nodes.some((n) => !positions[n.id])) return; // wait for the layout of the expanded model
    const ids = [
      reveal,
      ...model.edges
        .filter((e) => e.source === reveal || e.target === reveal)
        .map((e) => (e.source === reveal ? e.target : e.source)),
    ];
    useGraph.getState().clearReveal();
    requestAnimationFrame(
      () =>
        void flow.fitView({
          nodes: ids.filter((id) => positions[id]).map((id) => ({ id })),
          padding: 0.2,
          maxZoom: Math.max(flow.getZoom(), 0.6),
          duration: 200,
        }),
    );
  }, [reveal, positions, model, flow]);

  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const follow = (id: string) => {
    const n = byId.get(id);
    const m = model.nodes.find((x) => x.id === id);
    if (!n || !m) return;
    onSelect(m);
    const size = NODE_SIZE[m.kind];
    void flow.setCenter(n.position.x + size.width / 2, n.position.y + size.height / 2, {
      zoom: flow.getZoom(),
      duration: 150,
    });
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.target as HTMLElement).closest('input, textarea, select')) return;
    const vp = flow.getViewport();
    if (e.shiftKey && e.key.startsWith('Arrow')) {
      const step = 80;
      const dx = e.key === 'ArrowLeft' ? step : e.key === 'ArrowRight' ? -step : 0;
      const dy = e.key === 'ArrowUp' ? step : e.key === 'ArrowDown' ? -step : 0;
      void flow.setViewport({ ...vp, x: vp.x + dx, y: vp.y + dy });
      e.preventDefault();
      return;
    }
    if (e.key === '+' || e.key === '=') {
      void flow.zoomIn({ duration: 100 });
      e.preventDefault();
      return;
    }
    if (e.key === '-' || e.key === '_') {
      void flow.zoomOut({ duration: 100 });
      e.preventDefault();
      return;
    }
    if (e.key === '0') {
      void flow.fitView({ padding: 0.15, duration: 150 });
      e.preventDefault();
      return;
    }
    const current = selected ? byId.get(selected.id) : undefined;
    if (!current) {
      if (e.key.startsWith('Arrow') && nodes[0]) {
        follow(nodes[0].id);
        e.preventDefault();
      }
      return;
    }
    if (e.key === 'Enter' && current.type === 'datum') {
      void useGraph.getState().toggle(current.id);
      e.preventDefault();
      return;
    }
    const target = neighbour(e.key, current.id, nodes, model.edges);
    if (target) {
      follow(target);
      e.preventDefault();
    }
  };

  return (
    <div
      className="graph-canvas"
      ref={wrapper}
      role="application"
      aria-label="Graph canvas: arrows move the selection, Enter expands, + and − zoom, 0 fits"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the canvas takes the keyboard as a whole (see above)
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        onlyRenderVisibleElements
        minZoom={0.05}
        maxZoom={2.5}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_, node) => {
          const m = model.nodes.find((x) => x.id === node.id);
          if (m) onSelect(m);
        }}
      >
        <Background gap={24} size={1} />
        <MiniMap
          pannable
          zoomable
          ariaLabel="Minimap"
          nodeColor={(n) => {
            const m = (n.data as { model: ModelNode }).model;
            return m.kind === 'warning'
              ? '#c1352c'
              : m.kind === 'datum'
                ? typeColour(m.datum.type)
                : m.kind === 'cluster'
                  ? typeColour(m.type)
                  : UNTYPED_COLOUR;
          }}
        />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

/** The node an arrow key moves to: the parent, the first child, or the nearest node above/below in the same column. */
function neighbour(key: string, id: string, nodes: Node[], edges: ModelEdge[]): string | null {
  if (key === 'ArrowLeft') return edges.find((e) => e.target === id)?.source ?? null;
  if (key === 'ArrowRight') {
    const children = edges.filter((e) => e.source === id).map((e) => e.target);
    const pos = new Map(nodes.map((n) => [n.id, n.position.y]));
    return children.sort((a, b) => (pos.get(a) ?? 0) - (pos.get(b) ?? 0))[0] ?? null;
  }
  if (key !== 'ArrowUp' && key !== 'ArrowDown') return null;
  const me = nodes.find((n) => n.id === id);
  if (!me) return null;
  const column = nodes.filter((n) => Math.abs(n.position.x - me.position.x) < 1 && n.id !== id);
  const above = key === 'ArrowUp';
  const candidates = column
    .filter((n) => (above ? n.position.y < me.position.y : n.position.y > me.position.y))
    .sort((a, b) => (above ? b.position.y - a.position.y : a.position.y - b.position.y));
  return candidates[0]?.id ?? null;
}
