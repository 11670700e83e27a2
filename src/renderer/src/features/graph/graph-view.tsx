/**
 * The derivation graph (`#/graph/<id>`): the focus with its ancestors and children, a toolbar (depth,
 * cluster threshold, selected path only, legend), the canvas, and the inspector of the selected node beside.
 */
import { useEffect, useMemo } from 'react';
import { ErrorBanner } from '../../components/error-banner';
import { Spinner } from '../../components/spinner';
import { DATUM_ID } from '../inspector/format';
import { GraphCanvas } from './graph-canvas';
import { buildGraph, type ModelNode } from './graph-model';
import type { GraphRouteParams } from './graph-route';
import { useGraph } from './graph-store';
import { SidePanel } from './side-panel';
import { typeColour } from './type-colours';
import './graph.css';

export function GraphView({ focus, params }: { focus: string; params: GraphRouteParams }) {
  const { status, error, notice, state, depth, selected, pending } = useGraph();
  const { open, select, setDepth, setThreshold, setPathOnly } = useGraph.getState();
  const valid = DATUM_ID.test(focus);
  const rowKey = params.row?.join(',') ?? '';
  const queryKey = JSON.stringify(params.query ?? null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the keys stand for the row and the query (params is new at every render)
  useEffect(() => {
    if (!valid) return;
    void open(focus.toLowerCase(), {
      row: params.row,
      query: params.query,
      depth: params.depth,
      notice: params.problem,
    });
  }, [focus, rowKey, queryKey, params.depth, valid, open]);

  const model = useMemo(() => (state ? buildGraph(state) : { nodes: [], edges: [] }), [state]);
  const types = useMemo(() => {
    const seen = new Map<string, string>();
    for (const n of model.nodes) {
      const t = n.kind === 'datum' ? n.datum.type : n.kind === 'cluster' ? n.type : undefined;
      if (t !== undefined) seen.set(t ?? '(untyped)', typeColour(t));
    }
    return [...seen];
  }, [model]);
  const selectedNode = model.nodes.find((n) => n.id === selected?.id);

  if (!valid) {
    return (
      <p className="inspector__warning" role="alert">
        “{focus}” is not a datum id: ids are 24 hexadecimal characters.
      </p>
    );
  }

  return (
    <div className="graph-view">
      <div className="graph-toolbar" role="toolbar" aria-label="Graph options">
        <label className="graph-toolbar__field">
          Depth
          <select className="input" value={depth} onChange={(e) => void setDepth(Number(e.target.value))}>
            {[1, 2, 3, 4].map((d) => (
              <option key={d} value={d}>
                {d} level{d > 1 ? 's' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="graph-toolbar__field">
          Cluster above
          <input
            className="input graph-toolbar__number"
            type="number"
            min={1}
            max={5000}
            value={state?.threshold ?? 5}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 1 && n <= 5000) void setThreshold(n);
            }}
          />
        </label>
        <label className="graph-toolbar__check">
          <input
            type="checkbox"
            checked={state?.pathOnly ?? false}
            onChange={(e) => setPathOnly(e.target.checked)}
          />
          Selected path only
        </label>
        <ul className="graph-legend" aria-label="Legend">
          {types.map(([t, colour]) => (
            <li key={t} className="graph-legend__item">
              <span className="graph-legend__swatch" style={{ background: colour }} />
              {t}
            </li>
          ))}
          {state?.row && (
            <li className="graph-legend__item">
              <span className="graph-legend__swatch graph-legend__swatch--picked" /> picked by the strategy
            </li>
          )}
        </ul>
        <span className="graph-toolbar__count muted">
          {model.nodes.length} node{model.nodes.length === 1 ? '' : 's'}
        </span>
      </div>
      {notice && <p className="graph-notice">{notice}</p>}
      {status === 'error' && error && <ErrorBanner error={error} />}
      <div className="graph-body">
        <section className="graph-main" aria-label="Derivation graph" aria-busy={status === 'loading'}>
          {status === 'loading' && !state ? (
            <div className="graph-main__loading">
              <Spinner label="Loading the graph" />
            </div>
          ) : (
            state && (
              <GraphCanvas
                key={`${state.focus}|${rowKey}`}
                settled={status === 'ready'}
                model={model}
                selected={selected}
                pending={pending}
                onSelect={(n: ModelNode) => {
                  select({ kind: n.kind, id: n.id });
                  if (n.kind === 'datum' && !state.expansions[n.id]) void useGraph.getState().expand([n.id]);
                }}
              />
            )
          )}
        </section>
        <aside className="graph-side" aria-label="Selection">
          <SidePanel node={selectedNode} />
        </aside>
      </div>
    </div>
  );
}
