/** Asks before a saved connection (and its stored secret) is forgotten. The database itself is untouched. */
import { useState } from 'react';
import type { Connection } from '#shared/contract';
import type { DatalakeError } from '#shared/errors';
import { Dialog } from '../../components/dialog';
import { ErrorBanner } from '../../components/error-banner';
import { useConnections } from './connections-store';

export function DeleteConnectionDialog({
  connection,
  onClose,
}: {
  connection: Connection;
  onClose: () => void;
}) {
  const remove = useConnections((s) => s.remove);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DatalakeError | null>(null);

  const confirm = async () => {
    setBusy(true);
    try {
      await remove(connection.id);
      onClose();
    } catch (err) {
      setError(err as DatalakeError);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Delete connection?"
      size="small"
      onClose={onClose}
      testId="delete-connection-dialog"
      footer={
        <>
          <span className="dialog__footer-spacer" />
          {/* biome-ignore lint/a11y/noAutofocus: a modal's initial focus; Cancel is the safe default here */}
          <button type="button" className="btn btn--ghost" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button type="button" className="btn btn--danger" onClick={confirm} disabled={busy}>
            Delete
          </button>
        </>
      }
    >
      {error && <ErrorBanner error={error} />}
      <p>
        <strong>{connection.name}</strong> will be removed from this app, with its saved password.
      </p>
      <p className="muted">
        The data in the database is not touched; you can add the connection again later.
      </p>
    </Dialog>
  );
}
