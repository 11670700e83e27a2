/** The builder header's way into the library: export the query as code, and show or hide the library. */
import { useState } from 'react';
import { ExportCodeDialog } from './export-code-dialog';
import { CodeIcon, HistoryIcon } from './icons';
import { LIBRARY_PANEL_ID } from './library-panel';
import { useLibrary } from './library-store';

export function QueryLibraryActions() {
  const open = useLibrary((s) => s.open);
  const setOpen = useLibrary((s) => s.setOpen);
  const [exporting, setExporting] = useState(false);
  return (
    <div className="qlib-actions">
      <button type="button" className="btn" onClick={() => setExporting(true)}>
        <CodeIcon size={15} /> Export as code
      </button>
      <button
        type="button"
        className="btn"
        aria-expanded={open}
        aria-controls={open ? LIBRARY_PANEL_ID : undefined}
        onClick={() => setOpen(!open)}
      >
        <HistoryIcon size={15} /> History &amp; saved
      </button>
      {exporting && <ExportCodeDialog onClose={() => setExporting(false)} />}
    </div>
  );
}
