/**
 * The ingestion dialog: what was dropped (and, in a browser, how far sending it to the host got), the
 * target, the metadata template, how files become datums, duplicates, and the plan with a preview of the
 * first datums. Start is offered once the plan is ready.
 */
import { Dialog } from '../../components/dialog';
import { ErrorBanner } from '../../components/error-banner';
import { Spinner } from '../../components/spinner';
import { formatBytes, plural } from './format';
import { useIngest } from './ingest-store';
import { ModeSection } from './mode-section';
import { PlanPreview } from './plan-preview';
import { TargetSection } from './target-section';
import { TemplateSection } from './template-section';

export function IngestDialog() {
  const draft = useIngest((s) => s.draft);
  const { close, start } = useIngest.getState();
  if (!draft) return null;

  const title = draft.derivedFrom ? 'Add files as children' : 'Add files';
  const sending = draft.phase === 'sending';
  const canStart = draft.phase === 'ready' && draft.plan !== null && !draft.error;

  return (
    <Dialog
      title={title}
      onClose={() => void close()}
      testId="ingest-dialog"
      footer={
        <>
          <span className="ingest-dialog__status" data-testid="ingest-status">
            {draft.phase === 'planning' && (
              <>
                <Spinner size={14} label="Reading the drop" /> Reading the drop…
              </>
            )}
            {draft.phase === 'starting' && 'Starting…'}
            {canStart && draft.plan && draft.plan.alreadyInBatch > 0 && (
              <>Finishes a batch that holds {plural(draft.plan.alreadyInBatch, 'datum')} already</>
            )}
          </span>
          <span className="dialog__footer-spacer" />
          <button type="button" className="btn" onClick={() => void close()}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn--primary"
            data-testid="ingest-start"
            disabled={!canStart}
            onClick={() => void start()}
          >
            Start ingestion
          </button>
        </>
      }
    >
      <div className="ingest-dialog">
        <p className="ingest-dialog__what" data-testid="ingest-what">
          {plural(draft.files.length, 'file')} · {formatBytes(draft.totalBytes)}
          {draft.derivedFrom && (
            <>
              {' '}
              · children of <span className="mono">{draft.derivedFrom}</span>
            </>
          )}
        </p>
        {sending && (
          <div className="ingest-dialog__sending" data-testid="ingest-sending">
            <div
              className="progress"
              role="progressbar"
              aria-label="Sending files to the host"
              aria-valuemin={0}
              aria-valuemax={draft.files.length}
              aria-valuenow={draft.sent.files}
            >
              <span
                className="progress__bar"
                style={{ width: `${draft.totalBytes ? (draft.sent.bytes / draft.totalBytes) * 100 : 0}%` }}
              />
            </div>
            <span className="muted">
              Sending to the host: {draft.sent.files} of {plural(draft.files.length, 'file')}
            </span>
          </div>
        )}
        {draft.error && <ErrorBanner error={draft.error} testId="ingest-error" />}
        <div className="ingest-dialog__columns">
          <div className="ingest-dialog__form form">
            <TargetSection />
            <TemplateSection />
            <ModeSection />
          </div>
          <PlanPreview draft={draft} />
        </div>
      </div>
    </Dialog>
  );
}
