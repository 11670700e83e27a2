/** The plan of a drop: what it holds, the problems found, and the first datums as they will be written. */
import { useEffect, useMemo, useState } from 'react';
import type { IngestPlan, PreviewDatum } from '#shared/contract';
import { AlertIcon } from '../../components/icons';
import type { DroppedFile } from './collect-drop';
import { plural } from './format';
import { ItemMessage } from './ingest-job-card';
import type { Draft } from './ingest-store';

export function PlanPreview({ draft }: { draft: Draft }) {
  const plan = draft.plan;
  const byPath = useMemo(() => new Map(draft.files.map((f) => [f.relativePath, f])), [draft.files]);
  if (!plan) {
    return (
      <section className="ingest-preview ingest-preview--empty" aria-label="Preview">
        <p className="muted">
          {draft.phase === 'sending' ? 'The preview follows once the files are sent.' : 'Reading the drop…'}
        </p>
      </section>
    );
  }
  return (
    <section className="ingest-preview" aria-label="Preview" data-testid="ingest-plan">
      <PlanCounts plan={plan} />
      {plan.problemCount > 0 && <Problems plan={plan} />}
      <h3 className="ingest-preview__title">First datums</h3>
      <ol className="ingest-preview__list" data-testid="ingest-preview">
        {plan.preview.map((d) => (
          <PreviewCard key={d.source} datum={d} file={byPath.get(d.source)} />
        ))}
      </ol>
    </section>
  );
}

function PlanCounts({ plan }: { plan: IngestPlan }) {
  const { files, expected, formats } = plan;
  const parts = [
    files.images > 0 && plural(files.images, 'image'),
    files.other > 0 && plural(files.other, 'other file'),
    files.recordFiles > 0 && plural(files.recordFiles, 'record file'),
    files.annotationFiles > 0 &&
      `${plural(files.annotationFiles, 'annotation file')} (${formats.map((f) => f.toUpperCase()).join(', ')})`,
    files.ignored > 0 && `${plural(files.ignored, 'hidden file')} left out`,
  ].filter(Boolean);
  return (
    <div className="ingest-preview__counts" data-testid="ingest-plan-counts">
      <p>{parts.join(' · ')}</p>
      {(expected.classifications > 0 || expected.bboxes > 0) && (
        <p className="muted">
          Annotations give {plural(expected.classifications, 'label')} and{' '}
          {plural(expected.bboxes, 'box', 'boxes')}
        </p>
      )}
      <p className="muted">
        Into {plan.registryUri ? <span className="mono">{plan.registryUri}</span> : 'the datums themselves'} ·
        batch <span className="mono">{plan.batchId}</span>
      </p>
    </div>
  );
}

function Problems({ plan }: { plan: IngestPlan }) {
  const [all, setAll] = useState(false);
  const shown = all ? plan.problems : plan.problems.slice(0, 4);
  return (
    <div className="ingest-problems" data-testid="ingest-problems">
      <p className="ingest-problems__title">
        <AlertIcon size={14} /> {plural(plan.problemCount, 'problem')} found; the rest of the drop is not
        affected
      </p>
      <ul>
        {shown.map((p) => (
          <li key={`${p.item}:${p.error.message}`}>
            <ItemMessage item={p.item} message={p.error.message} />
          </li>
        ))}
      </ul>
      {plan.problems.length > shown.length && (
        <button type="button" className="link-btn" onClick={() => setAll(true)}>
          Show all {plan.problems.length}
        </button>
      )}
    </div>
  );
}

function PreviewCard({ datum, file }: { datum: PreviewDatum; file: DroppedFile | undefined }) {
  const isImage = (datum.data as { type?: string } | null)?.type === 'image';
  return (
    <li className="ingest-card" data-testid="ingest-preview-datum">
      {isImage && file ? (
        <Thumbnail file={file.file} />
      ) : (
        <span className="ingest-card__thumb ingest-card__thumb--none" />
      )}
      <div className="ingest-card__body">
        <p className="ingest-card__source mono">{datum.source}</p>
        <pre className="ingest-card__data">
          {datum.storage === 'registry' ? '(stored in the registry)' : compact(datum.data)}
        </pre>
        {Object.keys(ownMetadata(datum.metadata)).length > 0 && (
          <p className="ingest-card__meta" data-testid="ingest-preview-metadata">
            metadata {compact(ownMetadata(datum.metadata))}
          </p>
        )}
        {datum.children.length > 0 && (
          <ul className="ingest-card__children">
            {datum.children.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: preview rows are fixed
              <li key={i} className={`ingest-card__child ingest-card__child--${c.level}`}>
                {describeChild(c)}
              </li>
            ))}
            {datum.childCount > datum.children.length && (
              <li className="muted">and {datum.childCount - datum.children.length} more</li>
            )}
          </ul>
        )}
      </div>
    </li>
  );
}

function Thumbnail({ file }: { file: File }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const u = URL.createObjectURL(file);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [file]);
  return url ? (
    <img className="ingest-card__thumb" src={url} alt="" />
  ) : (
    <span className="ingest-card__thumb" />
  );
}

function describeChild(c: PreviewDatum['children'][number]): string {
  if (c.storage === 'registry') return `bytes in the registry (${String(c.metadata.role ?? 'file')})`;
  const d = (c.data ?? {}) as Record<string, unknown>;
  const conf = typeof d.confidence === 'number' ? ` · ${d.confidence}` : '';
  if (d.type === 'classification') return `classification: ${String(d.label)}${conf}`;
  if (d.type === 'bbox') return `bbox: ${String(d.label)} [${d.x}, ${d.y}, ${d.width}, ${d.height}]${conf}`;
  return compact(c.data);
}

/** The template's part of a datum's metadata (the batch keys are the same on every datum of the drop). */
function ownMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const { ingest_batch: _batch, ingest_source: _source, ...rest } = metadata;
  return rest;
}

function compact(value: unknown): string {
  const text = JSON.stringify(value, null, 1)?.replace(/\n\s*/g, ' ') ?? 'null';
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}
