/** Asks before something is removed for good (a saved query, the history); Cancel is the safe default. */
import { type ReactNode, useState } from 'react';
import type { DatalakeError } from '#shared/errors';
import { Dialog } from '../../components/dialog';
import { ErrorBanner } from '../../components/error-banner';

interface ConfirmDialogProps {
  title: string;
  action: string;
  children: ReactNode;
  testId: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

export function ConfirmDialog({ title, action, children, testId, onConfirm, onClose }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DatalakeError | null>(null);

  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(err as DatalakeError);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={title}
      size="small"
      onClose={onClose}
      testId={testId}
      footer={
        <>
          <span className="dialog__footer-spacer" />
          {/* biome-ignore lint/a11y/noAutofocus: a modal's initial focus; Cancel is the safe default here */}
          <button type="button" className="btn btn--ghost" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button type="button" className="btn btn--danger" onClick={confirm} disabled={busy}>
            {action}
          </button>
        </>
      }
    >
      {error && <ErrorBanner error={error} />}
      {children}
    </Dialog>
  );
}
