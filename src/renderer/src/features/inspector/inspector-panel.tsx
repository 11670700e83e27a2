/**
 * Everything about one datum: its fields, `data` and `metadata` as JSON trees, where its payload lives and a
 * preview of it (a picture with the boxes derived from it), its parent and its children by type. Shown by
 * the inspector route and beside the graph. Problems (a dangling parent, a missing or corrupt registry
 * object) are warnings inside the panel, never a broken view.
 */
import { useEffect, useState } from 'react';
import type { DatumJson } from '#shared/contract';
import { keyFieldOf, shortId, typeOf } from '#shared/datum-key';
import { payloadUrl } from '../../api/payload-url';
import { ErrorBanner } from '../../components/error-banner';
import { AlertIcon } from '../../components/icons';
import { formatCount } from '../../components/plain-words';
import { Spinner } from '../../components/spinner';
import { ChildList } from './child-list';
import { copyText, formatLocal, formatUtc } from './format';
import { ImageWithBoxes } from './image-boxes';
import { useInspector } from './inspector-store';
import { JsonTree } from './json-tree';
import { isProblem, PayloadBody, PayloadFacts } from './payload-preview';
import './inspector.css';

export function InspectorPanel({ id, compact = false }: { id: string; compact?: boolean }) {
  const entry = useInspector((s) => s.entries[id]);
  const load = useInspector((s) => s.load);
  useEffect(() => {
    void load(id);
  }, [id, load]);

  const label = `Datum ${id}`;
  if (!entry || entry.status === 'loading') {
    return (
      <section className="inspector" aria-label={label} aria-busy="true">
        <Spinner label="Loading the datum" />
      </section>
    );
  }
  if (entry.status === 'error') {
    return (
      <section className="inspector" aria-label={label}>
        <ErrorBanner error={entry.error!} onRetry={() => void load(id, { force: true })} />
      </section>
    );
  }
  if (entry.status === 'not-found' || !entry.datum) {
    return (
      <section className="inspector" aria-label={label}>
        <p className="inspector__warning" role="alert">
          <AlertIcon /> No datum with the id <span className="mono">{id}</span> in this datalake.
        </p>
      </section>
    );
  }
  const d = entry.datum;
  const type = typeOf(d.data);
  const key = keyFieldOf(d.data) ?? (d.registryUri ? keyFieldOf(d.metadata) : null);
  const problem = isProblem(d.payload) ? d.payload : null;
  const summary = d.payload && !isProblem(d.payload) ? d.payload : null;
  const parent = entry.ancestors[0];

  return (
    <section className={`inspector${compact ? ' inspector--compact' : ''}`} aria-label={label}>
      <header className="inspector__header">
        <div className="inspector__title-row">
          <span className="type-chip">{type ?? (d.registryUri ? 'registry payload' : 'datum')}</span>
          <h2 className="inspector__title">{key?.value ?? `…${shortId(d.id)}`}</h2>
        </div>
        <div className="inspector__id-row">
          <span className="mono inspector__id">{d.id}</span>
          <CopyButton label="Copy id" text={d.id} />
          <CopyButton label="Copy JSON" text={JSON.stringify(plainDatum(d), null, 2)} />
          <a className="btn btn--small" href={`#/graph/${d.id}`}>
            Open in graph
          </a>
          {compact && (
            <a className="btn btn--small btn--ghost" href={`#/datum/${d.id}`}>
              Open inspector
            </a>
          )}
        </div>
      </header>

      {entry.danglingParent && (
        <p className="inspector__warning" role="alert">
          <AlertIcon /> Its parent <span className="mono">{entry.danglingParent}</span> does not exist: this
          datum’s <span className="mono">derived_from</span> points to no datum.
        </p>
      )}
      {problem && (
        <p className="inspector__warning" role="alert">
          <AlertIcon />{' '}
          {problem.problem === 'missing'
            ? 'The registry object is missing'
            : problem.problem === 'corrupt'
              ? 'The registry object is corrupt'
              : 'The registry object cannot be read'}
          : {problem.message}
        </p>
      )}

      <dl className="facts inspector__facts">
        <dt>Parent</dt>
        <dd>
          {d.derivedFrom === null ? (
            <span className="muted">No parent (a root datum)</span>
          ) : entry.danglingParent ? (
            <span className="inspector__dangling mono">{d.derivedFrom} (missing)</span>
          ) : (
            <a href={`#/datum/${d.derivedFrom}`} className="inspector__parent">
              {parent?.type ?? 'datum'} <span className="mono">…{shortId(d.derivedFrom)}</span>
              {parent?.key && <span> · {parent.key.value}</span>}
            </a>
          )}
          {entry.ancestors.length > 1 && (
            <span className="muted"> · {entry.ancestors.length} ancestors up to the root</span>
          )}
        </dd>
        <dt>Added</dt>
        <dd>
          <span className="mono">{formatUtc(d.addedAt)}</span>
          <span className="muted"> · {formatLocal(d.addedAt)}</span>
        </dd>
        <dt>Stored</dt>
        <dd>
          {d.registryUri ? (
            <>
              <span className="mono">{d.registryUri}</span> · key{' '}
              <span className="mono">{d.registryKey}</span>
            </>
          ) : (
            'inline in the datum'
          )}
        </dd>
      </dl>

      {d.previewId && (
        <InspectorSection title="Picture">
          <ImageWithBoxes
            src={payloadUrl(
              d.previewId,
              summary?.kind === 'ndarray' && d.previewId === d.id ? { as: 'png' } : {},
            )}
            alt={key?.value ?? `Picture of datum ${d.id}`}
            boxes={entry.boxes}
            truncated={entry.boxesTruncated}
            maxSide={compact ? 300 : 480}
          />
          {d.previewId !== d.id && (
            <p className="muted">
              Pixels from its registry child{' '}
              <a href={`#/datum/${d.previewId}`} className="mono">
                …{shortId(d.previewId)}
              </a>
            </p>
          )}
        </InspectorSection>
      )}

      {summary && (
        <InspectorSection title="Payload">
          <PayloadFacts payload={summary} />
          <PayloadBody id={d.id} payload={summary} />
        </InspectorSection>
      )}

      {d.data !== null && (
        <InspectorSection title="data">
          <JsonTree value={d.data} label="data" />
        </InspectorSection>
      )}
      <InspectorSection title="metadata">
        {Object.keys(d.metadata).length === 0 ? (
          <p className="muted">{'{}'}</p>
        ) : (
          <JsonTree value={d.metadata} label="metadata" />
        )}
      </InspectorSection>

      <InspectorSection title="Children">
        <ChildGroups id={d.id} groups={entry.groups} />
      </InspectorSection>
    </section>
  );
}

function InspectorSection({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="inspector__section" aria-label={title}>
      <h3 className="inspector__section-title">{title}</h3>
      {children}
    </section>
  );
}

function ChildGroups({
  id,
  groups,
}: {
  id: string;
  groups: ReturnType<typeof useInspector.getState>['entries'][string]['groups'];
}) {
  const [open, setOpen] = useState<string | null>(null);
  if (groups.length === 0) return <p className="muted">No children</p>;
  return (
    <ul className="child-groups">
      {groups.map((g) => {
        const name = g.type ?? '(no type)';
        const isOpen = open === name;
        return (
          <li key={name} className="child-groups__group">
            <button
              type="button"
              className="child-groups__toggle"
              aria-expanded={isOpen}
              onClick={() => setOpen(isOpen ? null : name)}
            >
              <span className="type-chip">{name}</span>
              <span className="child-groups__count">{formatCount(g.count)}</span>
            </button>
            {isOpen && (
              <ChildList parent={id} type={g.type} searchLabel={`Search ${name} children`} autoFocus />
            )}
          </li>
        );
      })}
    </ul>
  );
}

function CopyButton({ label, text }: { label: string; text: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="btn btn--small"
      onClick={async () => {
        setDone(await copyText(text));
        setTimeout(() => setDone(false), 1500);
      }}
    >
      {done ? 'Copied' : label}
    </button>
  );
}

/** The datum as stored (without the summary and picture the inspector asked for). */
function plainDatum(d: DatumJson) {
  const { payload: _payload, previewId: _previewId, ...rest } = d;
  return rest;
}
