/**
 * What an ingestion did: written, skipped, failed, the errors, a link to a query of the batch
 * (`metadata.ingest_batch`), and the first datums it added (each a drop target for their children).
 */
import { useState } from 'react';
import { ingestResultSchema } from '#shared/contract';
import { formatCount } from '../../components/plain-words';
import { plural } from './format';
import { ErrorList } from './ingest-job-card';
import { useDatumDropTarget } from './use-datum-drop-target';

/** The query builder's route with a query to open (`#/query?q=<JSON>`). */
export function queryHref(query: unknown): string {
  return `#/query?q=${encodeURIComponent(JSON.stringify(query))}`;
}

export function BatchSummary({ result: raw }: { result: unknown }) {
  const [copied, setCopied] = useState(false);
  const parsed = ingestResultSchema.safeParse(raw);
  if (!parsed.success) return null;
  const r = parsed.data;
  const queryText = JSON.stringify(r.query);
  return (
    <div className="ingest-summary" data-testid="ingest-summary" data-batch-id={r.batchId}>
      <dl className="ingest-summary__counts">
        <div>
          <dt>Written</dt>
          <dd data-testid="ingest-written">{formatCount(r.written)}</dd>
        </div>
        <div>
          <dt>Skipped</dt>
          <dd data-testid="ingest-skipped">{formatCount(r.skipped)}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd data-testid="ingest-failed">{formatCount(r.failed)}</dd>
        </div>
        <div>
          <dt>Datums</dt>
          <dd data-testid="ingest-datums">{formatCount(r.datums)}</dd>
        </div>
      </dl>
      {r.skipped > 0 && (
        <p className="muted" data-testid="ingest-skipped-why">
          {[
            r.skippedDuplicates > 0 && `${plural(r.skippedDuplicates, 'file')} already in the datalake`,
            r.skippedInBatch > 0 && `${plural(r.skippedInBatch, 'file')} already in this batch`,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
      {r.cancelled && (
        <p className="ingest-summary__note">
          What was written is complete. Drop the same files again to finish the rest.
        </p>
      )}
      {r.errorCount > 0 && <ErrorList errors={r.errors} count={r.errorCount} />}
      <div className="ingest-summary__batch">
        <a className="btn btn--small" href={queryHref(r.query)} data-testid="ingest-batch-link">
          Show the batch
        </a>
        <button
          type="button"
          className="btn btn--small btn--ghost"
          onClick={() =>
            void navigator.clipboard?.writeText(queryText).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy query'}
        </button>
        <code className="ingest-summary__query mono" title={queryText}>
          metadata.ingest_batch = {r.batchId}
        </code>
      </div>
      {r.roots.length > 0 && (
        <div className="ingest-summary__roots">
          <p className="muted">Added — drop files on one to add them as its children:</p>
          <ul>
            {r.roots.map((root) => (
              <RootChip key={root.id} id={root.id} label={root.label} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function RootChip({ id, label }: { id: string; label: string }) {
  const drop = useDatumDropTarget(id);
  return (
    <li
      {...drop.props}
      className={`datum-chip${drop.isOver ? ' datum-chip--over' : ''}`}
      data-testid="ingest-root"
      title={`${label} (${id})`}
    >
      <a href={`#/datum/${id}`}>{label}</a>
    </li>
  );
}
