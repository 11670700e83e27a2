/** A wrapper for screens that show a datum as a block: files dropped on it become its children. */
import type { ReactNode } from 'react';
import { useDatumDropTarget } from './use-datum-drop-target';

export function DatumDropZone({
  datumId,
  children,
  className = '',
}: {
  datumId: string;
  children: ReactNode;
  className?: string;
}) {
  const drop = useDatumDropTarget(datumId);
  return (
    <div
      {...drop.props}
      className={`datum-drop ${drop.isOver ? 'datum-drop--over' : ''} ${className}`.trim()}
    >
      {children}
    </div>
  );
}
