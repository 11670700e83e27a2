/**
 * Makes any element that shows a datum a drop target: files dropped on it open the ingestion dialog to
 * add them as children of that datum. Spread `props` on the element and style it with `isOver`:
 *
 *   const drop = useDatumDropTarget(row.imageId);
 *   <tr {...drop.props} className={drop.isOver ? 'row row--drop' : 'row'}>…</tr>
 *
 * The window-wide drop zone leaves drops that a datum took alone.
 */
import { type DragEvent, useCallback, useMemo, useRef, useState } from 'react';
import { collectSnapshot, hasFiles, snapshotDataTransfer } from './collect-drop';
import { useIngest } from './ingest-store';

export interface DatumDropTarget {
  isOver: boolean;
  props: {
    onDragEnter(e: DragEvent): void;
    onDragOver(e: DragEvent): void;
    onDragLeave(e: DragEvent): void;
    onDrop(e: DragEvent): void;
    'data-drop-datum': string;
    'data-drop-over': boolean;
  };
}

export function useDatumDropTarget(datumId: string): DatumDropTarget {
  const [isOver, setOver] = useState(false);
  const depth = useRef(0);
  const onDragEnter = useCallback((e: DragEvent) => {
    if (!hasFiles(e.dataTransfer)) return;
    e.preventDefault();
    depth.current++;
    setOver(true);
  }, []);
  const onDragOver = useCallback((e: DragEvent) => {
    if (!hasFiles(e.dataTransfer)) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDragLeave = useCallback(() => {
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setOver(false);
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      if (!hasFiles(e.dataTransfer)) return;
      e.preventDefault();
      e.stopPropagation();
      depth.current = 0;
      setOver(false);
      const snapshot = snapshotDataTransfer(e.dataTransfer);
      void collectSnapshot(snapshot).then((drop) => useIngest.getState().open(drop, datumId));
    },
    [datumId],
  );
  const props = useMemo(
    () => ({
      onDragEnter,
      onDragOver,
      onDragLeave,
      onDrop,
      'data-drop-datum': datumId,
      'data-drop-over': isOver,
    }),
    [onDragEnter, onDragOver, onDragLeave, onDrop, datumId, isOver],
  );
  return { isOver, props };
}
