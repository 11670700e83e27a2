/**
 * The pipeline: the base stage, then the derived stages, top to bottom. Stages reorder by dragging their
 * handle (pointer events, so a button can be the handle and the same code serves mouse, pen and touch),
 * or from the keyboard with the arrow keys on the focused handle.
 */
import { type PointerEvent as ReactPointerEvent, useEffect, useRef, useState } from 'react';
import { addStage, columnOf, directDependentsOf, moveStage, removeStage } from '#shared/query-builder/index';
import { PlusIcon } from '../../components/icons';
import { useBuilder } from './builder-store';
import { RemoveStageDialog } from './remove-stage-dialog';
import { StageCard } from './stage-card';

/** How far the pointer travels before a press on the handle becomes a drag. */
const DRAG_THRESHOLD = 4;
/** Near the view's top or bottom edge, a drag scrolls the view. */
const EDGE = 48;

export function StageList() {
  const cards = useBuilder((s) => s.cards);
  const editCards = useBuilder((s) => s.editCards);
  const readOnly = useBuilder((s) => s.textProblem !== null);
  const [dragId, setDragId] = useState<string | null>(null);
  const [dropIndex, setDropIndex] = useState<number | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const handles = useRef(new Map<string, HTMLButtonElement>());
  const listRef = useRef<HTMLOListElement>(null);
  const [refocus, setRefocus] = useState<string | null>(null);
  const stages = cards.stages;

  // A moved card's handle keeps the focus (the DOM move may have dropped it).
  useEffect(() => {
    if (refocus) handles.current.get(refocus)?.focus();
  }, [refocus]);

  const move = (id: string, to: number) => {
    const from = stages.findIndex((s) => s.id === id);
    if (to < 0 || to >= stages.length || to === from) return;
    editCards((c) => moveStage(c, id, to));
    const stage = stages[from];
    setAnnouncement(`Stage ${columnOf(stage) ?? ''} moved to position ${to + 1} of ${stages.length}`);
    setRefocus(null);
    requestAnimationFrame(() => setRefocus(id));
  };

  const remove = (id: string) => {
    if (directDependentsOf(cards, id).length > 0) setRemoving(id);
    else editCards((c) => removeStage(c, id));
  };

  /** Where a pointer at `y` would insert the dragged stage: before the first card whose middle is below it. */
  const insertionAt = (y: number): number => {
    const items = listRef.current ? [...listRef.current.children] : [];
    const index = items.findIndex((item) => {
      const box = item.getBoundingClientRect();
      return y < box.top + box.height / 2;
    });
    return index < 0 ? items.length : index;
  };

  const startDrag = (id: string, e: ReactPointerEvent<HTMLButtonElement>) => {
    if (e.button !== 0 || readOnly) return;
    const handle = e.currentTarget;
    const startY = e.clientY;
    let dragging = false;
    let insertion: number | null = null;
    handle.setPointerCapture(e.pointerId);
    const view = handle.closest('.app__view');

    const onMove = (ev: PointerEvent) => {
      if (!dragging && Math.abs(ev.clientY - startY) < DRAG_THRESHOLD) return;
      if (!dragging) {
        dragging = true;
        setDragId(id);
      }
      insertion = insertionAt(ev.clientY);
      setDropIndex(insertion);
      if (view) {
        const box = view.getBoundingClientRect();
        if (ev.clientY < box.top + EDGE) view.scrollBy(0, -16);
        else if (ev.clientY > box.bottom - EDGE) view.scrollBy(0, 16);
      }
    };
    const onEnd = (ev: PointerEvent) => {
      handle.removeEventListener('pointermove', onMove);
      handle.removeEventListener('pointerup', onEnd);
      handle.removeEventListener('pointercancel', onEnd);
      if (dragging && insertion !== null && ev.type === 'pointerup') {
        const from = stages.findIndex((st) => st.id === id);
        move(id, insertion > from ? insertion - 1 : insertion);
      }
      setDragId(null);
      setDropIndex(null);
    };
    handle.addEventListener('pointermove', onMove);
    handle.addEventListener('pointerup', onEnd);
    handle.addEventListener('pointercancel', onEnd);
  };

  return (
    <div className="qb-pipeline">
      <fieldset className="qb-pipeline__fieldset" disabled={readOnly}>
        <legend className="visually-hidden">Stages</legend>
        {stages.length === 0 ? (
          <p className="qb-pipeline__empty">
            No stage yet. A query starts with a base stage, which selects datums.
          </p>
        ) : (
          <ol className="qb-stages" ref={listRef}>
            {stages.map((stage, index) => (
              <li
                key={stage.id}
                className={`qb-stages__item${dropIndex === index ? ' is-drop-before' : ''}${
                  dropIndex === index + 1 && index === stages.length - 1 ? ' is-drop-after' : ''
                }`}
              >
                {index > 0 && <div className="qb-link" aria-hidden="true" />}
                <StageCard
                  stage={stage}
                  index={index}
                  count={stages.length}
                  cards={cards}
                  dragging={dragId === stage.id}
                  handleRef={(el) => {
                    if (el) handles.current.set(stage.id, el);
                    else handles.current.delete(stage.id);
                  }}
                  onMoveKey={(e) => {
                    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
                      e.preventDefault();
                      move(stage.id, index + (e.key === 'ArrowUp' ? -1 : 1));
                    }
                  }}
                  onDragStart={(e) => startDrag(stage.id, e)}
                  onRemove={() => remove(stage.id)}
                />
              </li>
            ))}
          </ol>
        )}
        <button type="button" className="btn qb-add-stage" onClick={() => editCards(addStage)}>
          <PlusIcon size={15} /> {stages.length === 0 ? 'Add base stage' : 'Add derived stage'}
        </button>
      </fieldset>
      <div className="visually-hidden" aria-live="polite">
        {announcement}
      </div>
      {removing && (
        <RemoveStageDialog
          cards={cards}
          stageId={removing}
          onClose={() => setRemoving(null)}
          onChoose={(fix) => {
            editCards((c) => removeStage(c, removing, fix));
            setRemoving(null);
          }}
        />
      )}
    </div>
  );
}
