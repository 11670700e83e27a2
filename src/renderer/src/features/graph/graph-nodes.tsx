/**
 * The three kinds of graph node: a datum (colour by `data.type`; its type and short id on the first line, its
 * key field on the second; badges sit on the top edge and the expand toggle on the right edge, so neither
 * takes room from the text), a cluster of siblings of one type (count; opened in the side panel to search
 * and pull datums out), and a missing parent. Far out (see graph.css, `.graph-canvas--far`) a node shows its
 * type alone, large enough to read.
 */
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { shortId } from '#shared/datum-key';
import { formatCount } from '../../components/plain-words';
import { useDatumDropTarget } from '../ingest/feature';
import type { ModelNode } from './graph-model';
import { useGraph } from './graph-store';
import { typeColour, typeLabel } from './type-colours';

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 56;

export const NODE_SIZE = {
  datum: { width: NODE_WIDTH, height: NODE_HEIGHT },
  cluster: { width: NODE_WIDTH, height: NODE_HEIGHT },
  warning: { width: NODE_WIDTH, height: NODE_HEIGHT },
} as const;

type Data<K extends ModelNode['kind']> = { model: Extract<ModelNode, { kind: K }>; busy?: boolean };

const handles = (
  <>
    <Handle type="target" position={Position.Left} isConnectable={false} />
    <Handle type="source" position={Position.Right} isConnectable={false} />
  </>
);

const colourOf = (type: string | null) => ({ '--type-colour': typeColour(type) }) as React.CSSProperties;

export const DatumNode = memo(function DatumNode({ data, selected }: NodeProps & { data: Data<'datum'> }) {
  const { datum, expanded, children, role } = data.model;
  const warning = datum.problem ? `Registry object ${datum.problem.problem}` : null;
  const typeName = datum.type ?? (datum.registry ? 'payload' : typeLabel(null));
  // Without a key field, when it was added tells siblings apart better than nothing.
  const key = datum.key
    ? datum.key.value
    : warning
      ? datum.problem!.message
      : `added ${datum.addedAt.slice(0, 16).replace('T', ' ')}`;
  const tooltip = [
    `${typeName} ${datum.id}`,
    datum.key && `${datum.key.field}: ${datum.key.value}`,
    children === 0 && 'no children',
    role === 'picked' && 'picked by the strategy',
    role === 'candidate' && 'a candidate the strategy passed over',
    warning && `${warning}: ${datum.problem!.message}`,
  ]
    .filter(Boolean)
    .join('\n');
  // Files dropped on the node become children of its datum (the ingestion dialog opens).
  const drop = useDatumDropTarget(datum.id);
  return (
    <div
      {...drop.props}
      className={`gnode gnode--datum${role ? ` gnode--${role}` : ''}${warning ? ' gnode--warning' : ''}${selected ? ' is-selected' : ''}${drop.isOver ? ' datum-drop--over' : ''}`}
      data-datum-id={datum.id}
      data-warning={warning ? 'missing-object' : undefined}
      style={colourOf(datum.type)}
      title={tooltip}
    >
      {handles}
      <div className="gnode__line">
        <span className="gnode__type">{typeName}</span>
        <span className="gnode__id mono">…{shortId(datum.id)}</span>
      </div>
      <div className="gnode__line gnode__line--sub">
        <span className={`gnode__key${datum.key ? '' : ' gnode__key--none'}`}>{key}</span>
      </div>
      {(role === 'picked' || warning) && (
        <div className="gnode__badges">
          {role === 'picked' && <span className="gnode__badge">picked</span>}
          {warning && <span className="gnode__badge gnode__badge--warning">⚠ {datum.problem!.problem}</span>}
        </div>
      )}
      {children === 0 ? null : (
        <button
          type="button"
          className="gnode__toggle nodrag"
          aria-label={expanded ? `Collapse ${datum.id}` : `Expand ${datum.id}`}
          aria-expanded={expanded}
          tabIndex={-1}
          onClick={(e) => {
            e.stopPropagation();
            void useGraph.getState().toggle(datum.id);
          }}
        >
          {data.busy ? '…' : expanded ? '−' : '+'}
        </button>
      )}
    </div>
  );
});

export const ClusterNode = memo(function ClusterNode({
  data,
  selected,
}: NodeProps & { data: Data<'cluster'> }) {
  const { parent, type, count, candidates, column } = data.model;
  const name = typeLabel(type);
  return (
    <div
      className={`gnode gnode--cluster${candidates ? ' gnode--candidate' : ''}${selected ? ' is-selected' : ''}`}
      data-cluster-of={`${parent}:${type ?? '(none)'}`}
      style={colourOf(type)}
      title={
        candidates
          ? `${formatCount(count)} other candidates of ${column ?? name}: click to search them`
          : `${formatCount(count)} ${name} children: click to search them`
      }
    >
      {handles}
      <div className="gnode__line">
        <span className="gnode__type">{name}</span>
        <span className="gnode__count">× {formatCount(count)}</span>
      </div>
      <div className="gnode__line gnode__line--sub">
        <span className="gnode__key">
          {candidates ? `other ${column ? `${column} ` : ''}candidates` : 'cluster · search'}
        </span>
      </div>
    </div>
  );
});

export const WarningNode = memo(function WarningNode({
  data,
  selected,
}: NodeProps & { data: Data<'warning'> }) {
  const { missingId } = data.model;
  return (
    <div
      className={`gnode gnode--missing${selected ? ' is-selected' : ''}`}
      data-warning="dangling-parent"
      data-missing-id={missingId}
      title={`derived_from points to ${missingId}, which is no datum`}
    >
      {handles}
      <div className="gnode__line">
        <span className="gnode__type">⚠ missing parent</span>
        <span className="gnode__id mono">…{shortId(missingId)}</span>
      </div>
      <div className="gnode__line gnode__line--sub">
        <span className="gnode__key">No datum has this id</span>
      </div>
    </div>
  );
});

export const NODE_TYPES = { datum: DatumNode, cluster: ClusterNode, warning: WarningNode };
