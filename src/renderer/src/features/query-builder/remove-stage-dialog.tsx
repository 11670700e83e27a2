/** Removing a stage that later stages derive from: say which, and offer the ways to keep the query whole. */
import {
  columnOf,
  dependentsOf,
  directDependentsOf,
  type QueryCards,
  type RemoveFix,
  reattachTarget,
} from '#shared/query-builder/index';
import { Dialog } from '../../components/dialog';

interface RemoveStageDialogProps {
  cards: QueryCards;
  stageId: string;
  onChoose(fix: RemoveFix): void;
  onClose(): void;
}

const list = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

export function RemoveStageDialog({ cards, stageId, onChoose, onClose }: RemoveStageDialogProps) {
  const stage = cards.stages.find((s) => s.id === stageId);
  const column = (stage && columnOf(stage)) || 'this stage';
  const direct = directDependentsOf(cards, stageId).map((s) => columnOf(s) ?? '?');
  const all = dependentsOf(cards, stageId).map((s) => columnOf(s) ?? '?');
  const target = reattachTarget(cards, stageId);
  const verb = direct.length === 1 ? 'derives' : 'derive';

  return (
    <Dialog
      title={`Remove stage ${column}?`}
      onClose={onClose}
      testId="remove-stage-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <span className="dialog__footer-spacer" />
          {target && (
            <button type="button" className="btn" onClick={() => onChoose('reattach')}>
              Derive {direct.length === 1 ? 'it' : 'them'} from {target}
            </button>
          )}
          <button type="button" className="btn btn--danger" onClick={() => onChoose('cascade')}>
            Remove {all.length + 1} stages
          </button>
        </>
      }
    >
      <p>
        <strong>{list(direct)}</strong> {verb} from <strong>{column}</strong>. Without it,{' '}
        {direct.length === 1 ? 'that stage has' : 'those stages have'} no column to derive from.
      </p>
      <p className="muted">
        {target
          ? `Derive ${direct.length === 1 ? 'it' : 'them'} from ${target} instead (the column ${column} derived from), or remove ${list(all)} too.`
          : `Remove ${list(all)} too, or cancel and change ${direct.length === 1 ? 'its' : 'their'} “Derived from” first.`}
      </p>
    </Dialog>
  );
}
