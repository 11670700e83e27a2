/** Where payloads go: a known registry, one typed and checked, or inline (JSON records only). */
import { useState } from 'react';
import { useIngest } from './ingest-store';

const OTHER = '__other__';

export function TargetSection() {
  const form = useIngest((s) => s.form);
  const registries = useIngest((s) => s.registries);
  const check = useIngest((s) => s.registryCheck);
  const { update, checkRegistry } = useIngest.getState();
  const known = registries.some((r) => r.uri === form.registryUri);
  const [typing, setTyping] = useState(false);
  const showTyped = typing || (!known && form.registryUri !== '');

  return (
    <fieldset className="ingest-section" data-testid="ingest-target">
      <legend className="field__label">Target</legend>
      <label className="ingest-choice">
        <input
          type="radio"
          name="ingest-target"
          checked={form.targetKind === 'registry'}
          onChange={() => update({ targetKind: 'registry' })}
        />
        A registry (payloads as files in the Python library's layout)
      </label>
      {form.targetKind === 'registry' && (
        <div className="ingest-section__indent">
          <select
            className="input input--mono"
            aria-label="Registry"
            value={showTyped ? OTHER : form.registryUri}
            onChange={(e) => {
              if (e.target.value === OTHER) {
                setTyping(true);
                update({ registryUri: '' });
              } else {
                setTyping(false);
                update({ registryUri: e.target.value });
              }
            }}
          >
            {registries.map((r) => (
              <option key={r.uri} value={r.uri}>
                {r.uri} {r.origin === 'connection' ? '(this datalake’s)' : '(used before)'}
              </option>
            ))}
            <option value={OTHER}>Another registry…</option>
          </select>
          {showTyped && (
            <div className="ingest-inline-row">
              <input
                className="input input--mono"
                aria-label="Registry URI"
                placeholder="file:///data/registry, s3://bucket/prefix, gs://bucket/prefix"
                value={form.registryUri}
                onChange={(e) => update({ registryUri: e.target.value })}
              />
              <button
                type="button"
                className="btn"
                disabled={!form.registryUri.trim()}
                onClick={() => void checkRegistry(form.registryUri.trim())}
              >
                Check
              </button>
            </div>
          )}
          {showTyped && check && check.uri === form.registryUri.trim() && (
            <span className={check.ok ? 'field__hint' : 'field__error'} data-testid="ingest-registry-check">
              {check.message}
            </span>
          )}
        </div>
      )}
      <label className="ingest-choice">
        <input
          type="radio"
          name="ingest-target"
          checked={form.targetKind === 'inline'}
          onChange={() => update({ targetKind: 'inline' })}
        />
        Inline in the datums (small JSON records only)
      </label>
    </fieldset>
  );
}
