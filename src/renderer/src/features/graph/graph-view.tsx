/**
 * The derivation graph (`#/graph/<id>`): the focus with its ancestors and children, a toolbar (depth,
 * cluster threshold, selected path only, legend), the canvas, and the inspector of the selected node beside.
 */
import { useEffect, useMemo } from 'react';
import { ErrorBanner } from '../../components/error-banner';
import { AlertIcon } from '../../components/icons';
import { Spinner } from '../../components/spinner';
import { DATUM_ID } from '../inspector/format';
import { GraphCanvas } from './graph-canvas';
import { buildGraph, type GraphState, type ModelNode } from './graph-model';
import type { GraphRouteParams } from './graph-route';
import { useGraph } from './graph-store';
import { SidePanel } from './side-panel';
import { typeColour, typeLabel } from './type-colours';
import './graph.css';

export function GraphView({ focus, params }: { focus: string; params: GraphRouteParams }) {
  const { status, error, notice, state, depth, selected, pending } = useGraph();
  const { open, select, setDepth, setThreshold, setPathOnly } = useGraph.getState();
  const valid = DATUM_ID.test(focus);
  const rowKey = params.row?.join(',') ?? '';
  const queryKey = JSON.stringify(params.query ?? null);
  const retry = () =>
    void open(focus.toLowerCase(), {
      row: params.row,
      query: params.query,
      depth: params.depth,
      notice: params.problem,
    });

  // biome-ignore lint/correctness/useExhaustiveDependencies: the keys stand for the row and the query (params is new at every render)
  useEffect(() => {
    if (valid) retry();
  }, [focus, rowKey, queryKey, params.depth, valid, open]);

  const model = useMemo(() => (state ? buildGraph(state) : { nodes: [], edges: [] }), [state]);
  const legend = useMemo(() => legendOf(model.nodes), [model]);
  const selectedNode = model.nodes.find((n) => n.id === selected?.id);

  if (!valid) {
    return (
      <p className="inspector__warning" role="alert">
        <AlertIcon /> “{focus}” is not a datum id: ids are 24 hexadecimal characters.
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
        <span className="graph-toolbar__count muted">
          {model.nodes.length} node{model.nodes.length === 1 ? '' : 's'}
        </span>
      </div>
      {notice && (
        <p className="graph-notice" role="status">
          <AlertIcon /> {notice}
        </p>
      )}
      <div className="graph-body">
        <section className="graph-main" aria-label="Derivation graph" aria-busy={status === 'loading'}>
          {legend.length > 0 && status !== 'error' && (
            <ul className="graph-legend" aria-label="Legend">
              {legend.map((item) => (
                <li key={item.name} className="graph-legend__item">
                  <span
                    className={`graph-legend__swatch${item.swatch ? ` graph-legend__swatch--${item.swatch}` : ''}`}
                    style={item.colour ? { background: item.colour } : undefined}
                  />
                  {item.name}
                </li>
              ))}
              {state?.row && (
                <>
                  <li className="graph-legend__item">
                    <span className="graph-legend__swatch graph-legend__swatch--picked" /> picked by the
                    strategy
                  </li>
                  <li className="graph-legend__item">
                    <span className="graph-legend__swatch graph-legend__swatch--dimmed" /> other candidates
                  </li>
                </>
              )}
            </ul>
          )}
          {status === 'error' && error ? (
            <div className="graph-main__message">
              <ErrorBanner error={error} title="This graph cannot be shown" onRetry={retry} />
            </div>
          ) : status === 'loading' && !state ? (
            <div className="graph-main__message">
              <Spinner label="Loading the graph" />
            </div>
          ) : (
            state && (
              <GraphCanvas
                key={`${state.focus}|${rowKey}`}
                settled={status === 'ready'}
                model={model}
                focus={state.focus}
                selected={selected}
                pending={pending}
                note={status === 'ready' ? noteFor(state) : null}
                onSelect={(n: ModelNode, how) => {
                  select({ kind: n.kind, id: n.id });
                  if (how.expand && n.kind === 'datum' && !state.expansions[n.id])
                    void useGraph.getState().expand([n.id]);
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

interface LegendItem {
  name: string;
  colour?: string;
  swatch?: 'warning' | 'cluster';
}

/** One entry per type shown (in the order met), then the kinds of warning and a cluster when present. */
function legendOf(nodes: ModelNode[]): LegendItem[] {
  const types = new Map<string, LegendItem>();
  let warnings = false;
  let clusters = false;
  for (const n of nodes) {
    if (n.kind === 'warning' || (n.kind === 'datum' && n.datum.problem)) warnings = true;
    if (n.kind === 'cluster') clusters = true;
    if (n.kind === 'warning') continue;
    const type = n.kind === 'datum' ? n.datum.type : n.type;
    // An untyped registry datum is a node called "payload": the legend says so too.
    const name = n.kind === 'datum' && type === null && n.datum.registry ? 'payload' : typeLabel(type);
    if (!types.has(name)) types.set(name, { name, colour: typeColour(type) });
  }
  const out = [...types.values()];
  if (clusters) out.push({ name: 'cluster (click to search)', swatch: 'cluster' });
  if (warnings) out.push({ name: 'missing datum or object', swatch: 'warning' });
  return out;
}

/** What the canvas says when the focus stands alone. */
function noteFor(state: GraphState): string | null {
  if (state.row) return null;
  const groups = state.expansions[state.focus];
  if (!groups || groups.length > 0) return null;
  const root = state.datums[state.focus]?.derivedFrom === null;
  return root ? 'No parent and no children: this datum stands alone.' : 'No datum derives from this one.';
}
