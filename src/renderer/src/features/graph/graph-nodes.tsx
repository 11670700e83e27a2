/**
 * The three kinds of graph node: a datum (colour by `data.type`, label from type, short id and key field, an
 * expand/collapse toggle, warning look when its registry object is missing), a cluster of siblings of one
 * type (count; opened in the side panel to search and pull datums out), and a missing parent.
 */
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { shortId } from '#shared/datum-key';
import { formatCount } from '../../components/plain-words';
import { useDatumDropTarget } from '../ingest/feature';
import type { ModelNode } from './graph-model';
import { useGraph } from './graph-store';
import { typeColour } from './type-colours';

export const NODE_SIZE = {
  datum: { width: 216, height: 54 },
  cluster: { width: 216, height: 54 },
  warning: { width: 216, height: 54 },
} as const;

type Data<K extends ModelNode['kind']> = { model: Extract<ModelNode, { kind: K }>; busy?: boolean };

const handles = (
  <>
    <Handle type="target" position={Position.Left} isConnectable={false} />
    <Handle type="source" position={Position.Right} isConnectable={false} />
  </>
);

export const DatumNode = memo(function DatumNode({ data, selected }: NodeProps & { data: Data<'datum'> }) {
  const { datum, expanded, role } = data.model;
  const warning = datum.problem ? `Registry object ${datum.problem.problem}` : null;
  const typeName = datum.type ?? (datum.registry ? 'payload' : 'datum');
  // Files dropped on the node become children of its datum (the ingestion dialog opens).
  const drop = useDatumDropTarget(datum.id);
  return (
    <div
      {...drop.props}
      className={`gnode gnode--datum${role ? ` gnode--${role}` : ''}${warning ? ' gnode--warning' : ''}${selected ? ' is-selected' : ''}${drop.isOver ? ' datum-drop--over' : ''}`}
      data-datum-id={datum.id}
      data-warning={warning ? 'missing-object' : undefined}
      style={{ '--type-colour': typeColour(datum.type) } as React.CSSProperties}
      title={warning ? `${warning}: ${datum.problem!.message}` : datum.id}
    >
      {handles}
      <div className="gnode__top">
        <span className="gnode__type">{typeName}</span>
        <span className="gnode__id mono">…{shortId(datum.id)}</span>
      </div>
      <div className="gnode__bottom">
        <span className="gnode__key">{datum.key?.value ?? (warning ? datum.problem!.message : '')}</span>
        {role === 'picked' && <span className="gnode__badge">picked</span>}
        {warning && <span className="gnode__badge gnode__badge--warning">⚠ {datum.problem!.problem}</span>}
      </div>
      <button
        type="button"
        className="gnode__toggle nodrag"
        aria-label={expanded ? `Collapse ${datum.id}` : `Expand ${datum.id}`}
        aria-expanded={expanded}
        onClick={(e) => {
          e.stopPropagation();
          void useGraph.getState().toggle(datum.id);
        }}
      >
        {data.busy ? '…' : expanded ? '−' : '+'}
      </button>
    </div>
  );
});

export const ClusterNode = memo(function ClusterNode({
  data,
  selected,
}: NodeProps & { data: Data<'cluster'> }) {
  const { parent, type, count, candidates } = data.model;
  return (
    <div
      className={`gnode gnode--cluster${candidates ? ' gnode--candidate' : ''}${selected ? ' is-selected' : ''}`}
      data-cluster-of={`${parent}:${type ?? '(none)'}`}
      style={{ '--type-colour': typeColour(type) } as React.CSSProperties}
    >
      {handles}
      <div className="gnode__top">
        <span className="gnode__type">{type ?? 'untyped'}</span>
        <span className="gnode__count">× {formatCount(count)}</span>
      </div>
      <div className="gnode__key">
        {candidates ? 'other candidates · search' : 'cluster · click to search'}
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
      <div className="gnode__top">
        <span className="gnode__type">⚠ missing parent</span>
        <span className="gnode__id mono">…{shortId(missingId)}</span>
      </div>
      <div className="gnode__key">No datum has this id</div>
    </div>
  );
});

export const NODE_TYPES = { datum: DatumNode, cluster: ClusterNode, warning: WarningNode };
