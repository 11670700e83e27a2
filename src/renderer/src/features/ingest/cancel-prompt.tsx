/** "Stop this ingestion?": what stops, and what stays. */
import { Dialog } from '../../components/dialog';

export function CancelPrompt({ onKeep, onStop }: { onKeep: () => void; onStop: () => void }) {
  return (
    <Dialog
      title="Stop this ingestion?"
      onClose={onKeep}
      size="small"
      testId="ingest-cancel-prompt"
      footer={
        <>
          <span className="dialog__footer-spacer" />
          <button type="button" className="btn" onClick={onKeep}>
            Keep going
          </button>
          <button type="button" className="btn btn--danger" onClick={onStop}>
            Stop ingestion
          </button>
        </>
      }
    >
      <p>The files written so far stay in the datalake, complete and consistent.</p>
      <p>Drop the same files again, with the same settings, to finish the rest without duplicates.</p>
    </Dialog>
  );
}
