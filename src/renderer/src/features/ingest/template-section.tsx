/** Metadata written on every datum of the drop: project, tags, and key/values. */
import { CloseIcon, PlusIcon } from '../../components/icons';
import { useIngest } from './ingest-store';

export function TemplateSection() {
  const form = useIngest((s) => s.form);
  const { update } = useIngest.getState();
  const setRow = (i: number, change: Partial<{ key: string; value: string }>) =>
    update({ fields: form.fields.map((r, j) => (j === i ? { ...r, ...change } : r)) });

  return (
    <fieldset className="ingest-section" data-testid="ingest-template">
      <legend className="field__label">Metadata</legend>
      <div className="form__row">
        <label className="field">
          <span className="field__hint">Project</span>
          <input
            className="input"
            value={form.project}
            onChange={(e) => update({ project: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field__hint">Tags (comma-separated)</span>
          <input className="input" value={form.tags} onChange={(e) => update({ tags: e.target.value })} />
        </label>
      </div>
      {form.fields.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
        <div className="ingest-inline-row" key={i}>
          <input
            className="input input--mono"
            aria-label={`Key ${i + 1}`}
            placeholder="key"
            value={row.key}
            onChange={(e) => setRow(i, { key: e.target.value })}
          />
          <input
            className="input"
            aria-label={`Value ${i + 1}`}
            placeholder="value"
            value={row.value}
            onChange={(e) => setRow(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="icon-btn"
            aria-label={`Remove key ${i + 1}`}
            onClick={() => update({ fields: form.fields.filter((_, j) => j !== i) })}
          >
            <CloseIcon />
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn--small btn--ghost ingest-section__add"
        onClick={() => update({ fields: [...form.fields, { key: '', value: '' }] })}
      >
        <PlusIcon size={14} /> Key/value
      </button>
    </fieldset>
  );
}
