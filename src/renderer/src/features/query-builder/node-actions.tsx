/** Duplicate and remove for a condition, group or raw condition. */
import { duplicateNode, removeNode } from '#shared/query-builder/index';
import { CloseIcon } from '../../components/icons';
import { useBuilder } from './builder-store';
import { CopyIcon } from './icons';

export function NodeActions({ stageId, nodeId, noun }: { stageId: string; nodeId: string; noun: string }) {
  const editCards = useBuilder((s) => s.editCards);
  return (
    <span className="qb-node-actions">
      <button
        type="button"
        className="icon-btn qb-icon-btn"
        aria-label={`Duplicate ${noun}`}
        title={`Duplicate ${noun}`}
        onClick={() => editCards((c) => duplicateNode(c, stageId, nodeId))}
      >
        <CopyIcon size={14} />
      </button>
      <button
        type="button"
        className="icon-btn icon-btn--danger qb-icon-btn"
        aria-label={`Remove ${noun}`}
        title={`Remove ${noun}`}
        onClick={() => editCards((c) => removeNode(c, stageId, nodeId))}
      >
        <CloseIcon size={14} />
      </button>
    </span>
  );
}
