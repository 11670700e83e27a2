/** The footer both export dialogs share: Start (or Export again), Cancel while the job runs, and Close. */
export interface ExportFooterProps {
  running: boolean;
  hasJob: boolean;
  starting: boolean;
  onStart: () => void;
  onCancel: () => void;
  onClose: () => void;
}

export function ExportFooter({ running, hasJob, starting, onStart, onCancel, onClose }: ExportFooterProps) {
  return (
    <>
      <span className="dialog__footer-spacer" />
      {running && hasJob ? (
        <button type="button" className="btn" data-testid="export-cancel" onClick={onCancel}>
          Cancel export
        </button>
      ) : (
        <button type="button" className="btn btn--primary" disabled={starting} onClick={onStart}>
          {hasJob ? 'Export again' : 'Start export'}
        </button>
      )}
      <button type="button" className="btn" onClick={onClose}>
        Close
      </button>
    </>
  );
}
