/**
 * Files dragged anywhere over the window: an overlay says where they will go, and a drop opens the
 * ingestion dialog. Drops that a datum took (see use-datum-drop-target.ts) are left alone.
 */
import { useEffect, useRef, useState } from 'react';
import { useActiveConnection } from '../connections/connections-store';
import { collectSnapshot, hasFiles, snapshotDataTransfer } from './collect-drop';
import { useIngest } from './ingest-store';

export function WindowDropZone() {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const active = useActiveConnection();

  useEffect(() => {
    const busy = () => useIngest.getState().draft !== null;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e.dataTransfer) || busy()) return;
      e.preventDefault();
      depth.current++;
      setOver(true);
    };
    const overWindow = (e: DragEvent) => {
      if (!hasFiles(e.dataTransfer)) return;
      // Without this the browser would open the dropped file in place of the app.
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = busy() ? 'none' : 'copy';
    };
    const leave = () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    };
    // Every drop ends the drag, also one a datum takes (it never bubbles up here): reset on the way down.
    const reset = () => {
      depth.current = 0;
      setOver(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e.dataTransfer)) return;
      // A drop a datum took stopped here already (React stops the native event at its root).
      e.preventDefault();
      if (busy() || !e.dataTransfer) return;
      const snapshot = snapshotDataTransfer(e.dataTransfer);
      void collectSnapshot(snapshot).then((collected) => useIngest.getState().open(collected, null));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', overWindow);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', reset, true);
    window.addEventListener('dragend', reset, true);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('drop', reset, true);
      window.removeEventListener('dragend', reset, true);
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', overWindow);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  if (!over) return null;
  return (
    <div className="ingest-overlay" data-testid="ingest-drop-overlay" aria-hidden="true">
      <div className="ingest-overlay__card">
        <p className="ingest-overlay__title">Drop files or folders to add them</p>
        <p className="muted">
          to {active?.name ?? 'the datalake'}; drop onto a datum to add them as its children
        </p>
      </div>
    </div>
  );
}
