/**
 * "Export dataset": the payloads of the chosen columns copied into a folder (one subfolder per column)
 * with a `manifest.jsonl`, optionally with COCO or YOLO annotations from an image column and its bbox
 * column. In Electron the folder is chosen in a dialog; on the web host the user types a folder path on
 * the host's machine. Running it again into the same folder resumes: files already there are skipped.
 */
import { useId, useMemo, useState } from 'react';
import { exportDatasetResultSchema } from '#shared/contract';
import { getClient } from '../../api/client';
import { Dialog } from '../../components/dialog';
import { ErrorBanner } from '../../components/error-banner';
import { InfoIcon } from '../../components/icons';
import { JobErrorList, JobProgressView } from '../../components/job-progress';
import { formatCount } from '../../components/plain-words';
import { formatBytes } from '../../components/units';
import { useJobs } from '../jobs/jobs-store';
import { ExportFooter } from './export-footer';
import {
  columnTypes,
  type DatasetForm,
  datasetRequest,
  defaultBoxColumn,
  defaultImageColumn,
  type ExportSource,
} from './export-form';
import { useExports, useLatestExport } from './export-store';
import { RowsChoiceField } from './rows-choice';
import './export.css';

const FORMATS: Array<{ value: DatasetForm['format']; label: string; hint: string }> = [
  { value: 'files', label: 'Files', hint: 'payloads and manifest.jsonl' },
  { value: 'coco', label: 'COCO', hint: 'plus annotations.coco.json' },
  { value: 'yolo', label: 'YOLO', hint: 'images/, labels/ and classes.txt' },
];

export interface ExportDatasetDialogProps {
  source: ExportSource;
  onClose: () => void;
}

export function ExportDatasetDialog({ source, onClose }: ExportDatasetDialogProps) {
  const electron = getClient().host === 'electron';
  const types = useMemo(() => columnTypes(source.query), [source.query]);
  const [form, setForm] = useState<DatasetForm>(() => ({
    columns: source.columns,
    folder: '',
    format: 'files',
    imageColumn: defaultImageColumn(source.columns, types),
    boxColumn: defaultBoxColumn(source.columns, types),
    rows: source.datumsWanted ? 'wanted' : 'all',
  }));
  const [error, setError] = useState<Error | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [starting, setStarting] = useState(false);
  const job = useLatestExport('export.dataset');
  const running = job?.status === 'running';
  const formatName = useId();
  const folderId = useId();
  const folderHint = useId();

  const update = (patch: Partial<DatasetForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setProblems([]);
  };

  const chooseFolder = async () => {
    setError(null);
    try {
      const { path } = await getClient().call('host.chooseFolder', { title: 'Export the dataset into' });
      if (path) update({ folder: path });
    } catch (err) {
      setError(err as Error);
    }
  };

  const start = async () => {
    const checked = datasetRequest(source, form);
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setError(null);
    setStarting(true);
    try {
      const { jobId } = await getClient().call('export.dataset', checked.input);
      useExports.getState().started('export.dataset', jobId);
    } catch (err) {
      setError(err as Error);
    } finally {
      setStarting(false);
    }
  };

  const toggle = (column: string, on: boolean) =>
    update({
      columns: on
        ? source.columns.filter((c) => c === column || form.columns.includes(c))
        : form.columns.filter((c) => c !== column),
    });

  return (
    <Dialog
      title="Export dataset"
      onClose={onClose}
      testId="export-dataset-dialog"
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
            <legend className="xport__legend">Columns to copy</legend>
            <div className="xport__choices">
              {source.columns.map((column) => (
                <label key={column} className="xport__choice">
                  <input
                    type="checkbox"
                    checked={form.columns.includes(column)}
                    onChange={(e) => toggle(column, e.target.checked)}
                  />
                  <span className="xport__choice-name mono">{column}</span>
                  {types[column] && <span className="xport__choice-hint">{types[column]}</span>}
                </label>
              ))}
            </div>
          </fieldset>
          <RowsChoiceField source={source} value={form.rows} onChange={(rows) => update({ rows })} />
          <fieldset className="xport__group">
            <legend className="xport__legend">Folder</legend>
            <div className="xport__path">
              <input
                id={folderId}
                className="input input--mono"
                aria-label="Folder"
                aria-describedby={folderHint}
                placeholder={electron ? 'Choose a folder…' : '/absolute/path/on/the/host'}
                value={form.folder}
                readOnly={electron}
                spellCheck={false}
                onChange={(e) => update({ folder: e.target.value })}
              />
              {electron && (
                <button type="button" className="btn btn--small" onClick={() => void chooseFolder()}>
                  Choose…
                </button>
              )}
            </div>
            <p className="xport__note" id={folderHint}>
              <InfoIcon size={14} />
              {electron
                ? 'Created if missing. Exporting into the same folder again resumes: files already there are skipped.'
                : 'A folder on the machine where the web host runs (not this browser’s): type its absolute path; it is created if missing. Exporting into the same folder again resumes: files already there are skipped.'}
            </p>
          </fieldset>
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
                    onChange={() => update({ format: f.value })}
                  />
                  <span>
                    <span className="xport__choice-name">{f.label}</span>
                    <span className="xport__choice-hint">{f.hint}</span>
                  </span>
                </label>
              ))}
            </div>
            {form.format !== 'files' && (
              <div className="xport__annotations">
                <ColumnSelect
                  label="Image column"
                  value={form.imageColumn}
                  columns={source.columns}
                  types={types}
                  onChange={(imageColumn) => update({ imageColumn })}
                />
                <ColumnSelect
                  label="Bbox column"
                  value={form.boxColumn}
                  columns={source.columns}
                  types={types}
                  onChange={(boxColumn) => update({ boxColumn })}
                />
              </div>
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
        {job && <DatasetJob jobId={job.jobId} />}
      </div>
    </Dialog>
  );
}

function ColumnSelect({
  label,
  value,
  columns,
  types,
  onChange,
}: {
  label: string;
  value: string;
  columns: string[];
  types: Record<string, string | null>;
  onChange: (column: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="input" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose a column</option>
        {columns.map((c) => (
          <option key={c} value={c}>
            {types[c] ? `${c} (${types[c]})` : c}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The latest dataset job: files, bytes, rate and time left while it runs, then what it did. */
function DatasetJob({ jobId }: { jobId: string }) {
  const job = useJobs((s) => s.jobs[jobId]);
  if (!job) return null;
  const parsed = exportDatasetResultSchema.safeParse(job.result);
  const result = parsed.success ? parsed.data : null;
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
        <p className="muted" data-testid="export-cancelled-note">
          Stopped after {formatCount(p?.items.done ?? 0)} rows ({formatBytes(p?.bytes.done ?? 0)} copied). The
          files copied so far stay: export into the same folder again to finish the rest.
        </p>
      )}
      {result && (
        <div className="xport__summary" data-testid="export-summary">
          <dl className="xport__counts">
            <div>
              <dt>Copied</dt>
              <dd data-testid="export-copied">{formatCount(result.copied)}</dd>
            </div>
            <div>
              <dt>Already there</dt>
              <dd data-testid="export-skipped">{formatCount(result.skipped)}</dd>
            </div>
            <div>
              <dt>Failed</dt>
              <dd data-testid="export-failed">{formatCount(result.failed)}</dd>
            </div>
            <div>
              <dt>Rows</dt>
              <dd data-testid="export-rows">{formatCount(result.rows)}</dd>
            </div>
          </dl>
          <p className="muted" data-testid="export-summary-text">
            {formatCount(result.files)} files, {formatBytes(result.bytes)} copied
            {result.skipped > 0 ? ` · ${formatCount(result.skipped)} already there, skipped` : ''}
          </p>
          <p className="xport__where">
            Folder{' '}
            <span className="mono" data-testid="export-folder">
              {result.folder}
            </span>
          </p>
          <p className="xport__where">
            Manifest{' '}
            <span className="mono" data-testid="export-manifest">
              {result.manifest}
            </span>
          </p>
        </div>
      )}
      {p && p.errorCount > 0 && (
        <JobErrorList errors={p.errors} count={p.errorCount} testId="export-errors" />
      )}
    </section>
  );
}

const TITLES = {
  running: 'Exporting…',
  succeeded: 'Export finished',
  cancelled: 'Export cancelled',
  failed: 'Export failed',
} as const;
