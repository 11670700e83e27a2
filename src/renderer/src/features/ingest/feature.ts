/**
 * Ingestion has no screen of its own: it lives across the window (`IngestLayer`, mounted by the app
 * frame), in the top bar (`AddFilesButton`), and on every element that shows a datum
 * (`useDatumDropTarget` / `DatumDropZone`). These are its public parts.
 */
export { AddFilesButton } from './add-files-button';
export { DatumDropZone } from './datum-drop-zone';
export { IngestLayer } from './ingest-layer';
export { type DatumDropTarget, useDatumDropTarget } from './use-datum-drop-target';
