/** Beside the graph: the inspector of the selected datum, a cluster's searchable list, or what a warning means. */
import { shortId } from '#shared/datum-key';
import { formatCount } from '../../components/plain-words';
import { ChildList } from '../inspector/child-list';
import { InspectorPanel } from '../inspector/inspector-panel';
import type { ModelNode } from './graph-model';
import { useGraph } from './graph-store';

export function SidePanel({ node }: { node: ModelNode | undefined }) {
  if (!node) {
    return (
      <p className="muted graph-side__hint">Click a node to inspect it; click a cluster to search it.</p>
    );
  }
  if (node.kind === 'datum') return <InspectorPanel key={node.id} id={node.id} compact />;
  if (node.kind === 'warning') {
    return (
      <section className="graph-side__section" aria-label="Missing parent">
        <h2 className="graph-side__title">Missing parent</h2>
        <p className="inspector__warning" role="alert">
          {node.children.length === 1 ? 'A datum points' : `${node.children.length} datums point`} to the
          parent <span className="mono">{node.missingId}</span>, which is no datum of this datalake (a
          dangling <span className="mono">derived_from</span>).
        </p>
        <ul>
          {node.children.map((c) => (
            <li key={c}>
              <a href={`#/datum/${c}`} className="mono">
                {c}
              </a>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  const type = node.type;
  return (
    <section className="graph-side__section" aria-label={`Cluster of ${type ?? 'untyped'} children`}>
      <h2 className="graph-side__title">
        {formatCount(node.count)} {type ?? 'untyped'} {node.candidates ? 'candidates' : 'children'}
      </h2>
      <p className="muted">
        of <a href={`#/datum/${node.parent}`}>…{shortId(node.parent)}</a>. Search by id, label or file name;
        pull a datum out to show it in the graph.
      </p>
      <ChildList
        key={node.id}
        parent={node.parent}
        type={type}
        autoFocus
        searchLabel="Search in cluster"
        actions={(d) => (
          <button
            type="button"
            className="btn btn--small"
            aria-label={`Pull out ${d.id}`}
            onClick={() => useGraph.getState().pullOut(node.parent, type, d)}
          >
            Pull out
          </button>
        )}
      />
    </section>
  );
}
