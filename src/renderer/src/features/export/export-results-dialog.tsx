/**
 * "Export results": the run's query written as CSV, JSON or JSONL with the chosen fields per column
 * (the grid's by default), all rows or the run's rows wanted. In Electron the file is chosen in the save
 * dialog and written by the host; on the web host the file is built on the host and the browser downloads
 * it when the job is done. The job shows its progress with Cancel, then a summary; a refusal shows its
 * message with the form kept as it was.
 */
import { useEffect, useId, useState } from 'react';
import { exportResultsResultSchema } from '#shared/contract';
import { getClient } from '../../api/client';
import { Dialog } from '../../components/dialog';
import { ErrorBanner } from '../../components/error-banner';
import { JobErrorList, JobProgressView } from '../../components/job-progress';
import { formatCount } from '../../components/plain-words';
import { formatBytes } from '../../components/units';
import { useJobs } from '../jobs/jobs-store';
import { ExportFooter } from './export-footer';
import {
  defaultFileName,
  type ExportSource,
  fieldsText,
  parseFields,
  type ResultsForm,
  resultsRequest,
} from './export-form';
import { downloadUrl, useExports, useLatestExport } from './export-store';
import { RowsChoiceField } from './rows-choice';
import './export.css';

const FORMATS: Array<{ value: ResultsForm['format']; label: string; hint: string }> = [
  { value: 'csv', label: 'CSV', hint: 'RFC 4180; nested values as JSON text' },
  { value: 'json', label: 'JSON', hint: 'one array of row objects' },
  { value: 'jsonl', label: 'JSONL', hint: 'one row object per line' },
];

export interface ExportResultsDialogProps {
  source: ExportSource;
  /** The fields the grid shows per column (the defaults). */
  gridFields: Record<string, string[]>;
  onClose: () => void;
}

export function ExportResultsDialog({ source, gridFields, onClose }: ExportResultsDialogProps) {
  const electron = getClient().host === 'electron';
  const [form, setForm] = useState<ResultsForm>(() => ({
    format: 'csv',
    rows: source.datumsWanted ? 'wanted' : 'all',
    fields: Object.fromEntries(source.columns.map((c) => [c, fieldsText(gridFields[c] ?? [])])),
    path: null,
    download: !electron,
  }));
  const [error, setError] = useState<Error | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [starting, setStarting] = useState(false);
  const job = useLatestExport('export.results');
  const running = job?.status === 'running';
  const formatName = useId();

  const update = (patch: Partial<ResultsForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setProblems([]);
  };

  const choosePath = async () => {
    setError(null);
    try {
      const { path } = await getClient().call('host.chooseSavePath', {
        title: 'Export results',
        defaultName: defaultFileName(form.format),
        filters: [{ name: form.format.toUpperCase(), extensions: [form.format] }],
      });
      if (path) update({ path });
    } catch (err) {
      setError(err as Error);
    }
  };

  const start = async () => {
    const checked = resultsRequest(source, form);
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setError(null);
    setStarting(true);
    try {
      const { jobId } = await getClient().call('export.results', checked.input);
      useExports.getState().started('export.results', jobId);
    } catch (err) {
      setError(err as Error);
    } finally {
      setStarting(false);
    }
  };

  return (
    <Dialog
      title="Export results"
      onClose={onClose}
      testId="export-results-dialog"
      footer={
        <ExportFooter
          running={running}
          jobId={job?.jobId ?? null}
          starting={starting}
          onStart={() => void start()}
          onClose={onClose}
        />
      }
    >
      <div className="xport">
        {error && (
          <ErrorBanner
            error={error}
            title="The export did not start"
            onDismiss={() => setError(null)}
            testId="export-error"
          />
        )}
        <fieldset className="xport__form" disabled={running || starting}>
          <fieldset className="xport__group">
            <legend className="xport__legend">Format</legend>
            <div className="xport__choices xport__choices--three">
              {FORMATS.map((f) => (
                <label key={f.value} className="xport__choice">
                  <input
                    type="radio"
                    name={formatName}
                    value={f.value}
                    checked={form.format === f.value}
                    onChange={() => update({ format: f.value, path: null })}
                  />
                  <span>
                    <span className="xport__choice-name">{f.label}</span>
                    <span className="xport__choice-hint">{f.hint}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <RowsChoiceField source={source} value={form.rows} onChange={(rows) => update({ rows })} />
          <fieldset className="xport__group">
            <legend className="xport__legend">Fields per column</legend>
            <p className="xport__hint muted">
              Each row has the ids of its columns, then these fields of each datum (comma-separated, as the
              grid shows them).
            </p>
            {source.columns.map((column) => (
              <FieldsInput
                key={column}
                column={column}
                value={form.fields[column] ?? ''}
                onChange={(text) => update({ fields: { ...form.fields, [column]: text } })}
              />
            ))}
          </fieldset>
          <fieldset className="xport__group">
            <legend className="xport__legend">Destination</legend>
            {electron ? (
              <div className="xport__path">
                <span className="xport__path-text mono" data-testid="export-path">
                  {form.path ?? 'No file chosen'}
                </span>
                <button type="button" className="btn btn--small" onClick={() => void choosePath()}>
                  Choose…
                </button>
              </div>
            ) : (
              <p className="xport__hint muted" data-testid="export-destination">
                A download: the host writes the file, and the browser receives it when the export is done.
              </p>
            )}
          </fieldset>
        </fieldset>
        {problems.length > 0 && (
          <ul className="xport__problems" data-testid="export-problems">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        {job && <ResultsJob jobId={job.jobId} />}
      </div>
    </Dialog>
  );
}

function FieldsInput({
  column,
  value,
  onChange,
}: {
  column: string;
  value: string;
  onChange: (text: string) => void;
}) {
  const id = useId();
  const parsed = parseFields(value);
  const problem = 'error' in parsed ? parsed.error : null;
  return (
    <div className="xport__fields">
      <label className="xport__fields-label mono" htmlFor={id}>
        {column}
      </label>
      <input
        id={id}
        className="input input--mono"
        aria-label={`Fields of ${column}`}
        aria-invalid={problem ? true : undefined}
        value={value}
        placeholder="ids only"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
      />
      {problem && <p className="field__error">{problem}</p>}
    </div>
  );
}

/** The latest results job: progress while it runs, then what it wrote (and the download again). */
function ResultsJob({ jobId }: { jobId: string }) {
  const job = useJobs((s) => s.jobs[jobId]);
  const parsed = exportResultsResultSchema.safeParse(job?.result);
  const result = parsed.success ? parsed.data : null;
  const [href, setHref] = useState<string | null>(null);

  useEffect(() => {
    if (!result?.downloadPath) return;
    let live = true;
    void downloadUrl(result.downloadPath).then((url) => {
      if (live) setHref(url);
    });
    return () => {
      live = false;
    };
  }, [result?.downloadPath]);

  if (!job) return null;
  const p = job.progress;
  return (
    <section
      className="xport__job"
      data-testid="export-job"
      data-status={job.status}
      data-job-id={job.jobId}
      aria-label="Export job"
    >
      <h3 className="xport__job-title">{TITLES[job.status]}</h3>
      {job.status === 'running' && <JobProgressView progress={p} unit="rows" label="Export progress" />}
      {job.status === 'failed' && job.error && (
        <ErrorBanner error={job.error} title="The export failed" testId="export-job-error" />
      )}
      {job.status === 'cancelled' && (
        <p className="muted">Stopped: no file was written. Start it again when you are ready.</p>
      )}
      {result && (
        <div className="xport__summary" data-testid="export-summary">
          <dl className="xport__counts">
            <div>
              <dt>Rows</dt>
              <dd data-testid="export-rows">{formatCount(result.rows)}</dd>
            </div>
            <div>
              <dt>Size</dt>
              <dd data-testid="export-bytes">{formatBytes(result.bytes)}</dd>
            </div>
            <div>
              <dt>Format</dt>
              <dd>{result.format.toUpperCase()}</dd>
            </div>
          </dl>
          {result.path && (
            <p className="xport__where">
              Written to{' '}
              <span className="mono" data-testid="export-written-path">
                {result.path}
              </span>
            </p>
          )}
          {href && (
            <p className="xport__where">
              Sent to your browser’s downloads.{' '}
              <a className="link-btn" href={href} download data-testid="export-download-link">
                Download again
              </a>
            </p>
          )}
        </div>
      )}
      {p && p.errorCount > 0 && <JobErrorList errors={p.errors} count={p.errorCount} />}
    </section>
  );
}

const TITLES = {
  running: 'Exporting…',
  succeeded: 'Export finished',
  cancelled: 'Export cancelled',
  failed: 'Export failed',
} as const;
