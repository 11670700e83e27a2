/**
 * "Export query as code": the builder's query as JSON, a Python script for mindtrace-datalake (the
 * aggregation `query_data` by default, or the per-row `query_data_legacy`), or TypeScript for this engine,
 * written for the active connection (its password never: the code reads it from the environment).
 * Copy to the clipboard, or save to a file.
 */
import { useId, useMemo, useState } from 'react';
import type { Connection } from '#shared/contract';
import {
  type ExportTarget,
  PASSWORD_ENV,
  type PythonCall,
  queryToJson,
  queryToPython,
  queryToTypeScript,
} from '#shared/query-export/index';
import { Dialog } from '../../components/dialog';
import { ErrorBanner } from '../../components/error-banner';
import { AlertIcon, InfoIcon } from '../../components/icons';
import { useConnections } from '../connections/connections-store';
import { CopyIcon } from '../query-builder/icons';
import { type LibraryQuery, useBuilderQuery } from './builder-bridge';
import { DownloadIcon } from './icons';
import { describeSave, saveTextFile } from './save-file';

type Format = 'json' | 'python' | 'typescript';

const FORMATS: Record<
  Format,
  { label: string; extension: string; mimeType: string; filter: { name: string; extensions: string[] } }
> = {
  json: {
    label: 'JSON',
    extension: 'json',
    mimeType: 'application/json',
    filter: { name: 'JSON', extensions: ['json'] },
  },
  python: {
    label: 'Python',
    extension: 'py',
    mimeType: 'text/x-python',
    filter: { name: 'Python', extensions: ['py'] },
  },
  typescript: {
    label: 'TypeScript',
    extension: 'ts',
    mimeType: 'text/plain',
    filter: { name: 'TypeScript', extensions: ['ts'] },
  },
};

const CALLS: Array<{ call: PythonCall; name: string; hint: string }> = [
  {
    call: 'aggregation',
    name: 'query_data',
    hint: 'Default. One aggregation on the server: fast on big datalakes; needs MongoDB 5+ or Atlas ($lookup, $sample).',
  },
  {
    call: 'loop',
    name: 'query_data_legacy',
    hint: 'One query per row: slower, but runs on any MongoDB-compatible server (FerretDB, DocumentDB) and picks rows exactly as this app does.',
  },
];

export function exportTarget(connection: Connection): ExportTarget {
  return {
    name: connection.name,
    kind: connection.kind,
    uriRedacted: connection.uriRedacted,
    dbName: connection.dbName,
    path: connection.path,
    timestamps: connection.timestamps,
  };
}

function generate(format: Format, q: LibraryQuery, target: ExportTarget, call: PythonCall, at: Date): string {
  if (format === 'json') return queryToJson(q);
  if (format === 'python') return queryToPython(q, target, { call, exportedAt: at });
  return queryToTypeScript(q, target, { exportedAt: at });
}

export function ExportCodeDialog({ onClose }: { onClose: () => void }) {
  const builder = useBuilderQuery();
  const connection = useConnections((s) => s.connections.find((c) => c.id === s.activeId));
  const [format, setFormat] = useState<Format>('python');
  const [call, setCall] = useState<PythonCall>('aggregation');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const exportedAt = useMemo(() => new Date(), []);
  const tabsId = useId();
  const callName = useId();

  const code = useMemo((): { text: string } | { error: string } | null => {
    if (!builder.ok || !connection) return null;
    try {
      return { text: generate(format, builder.value, exportTarget(connection), call, exportedAt) };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }, [builder, connection, format, call, exportedAt]);
  const text = code && 'text' in code ? code.text : null;
  const info = FORMATS[format];

  const pick = (next: Format) => {
    setFormat(next);
    setStatus(null);
    setError(null);
  };

  const copy = () => {
    if (!text) return;
    navigator.clipboard.writeText(text).then(
      () => setStatus(`Copied the ${info.label} to the clipboard`),
      () => setError(new Error('The clipboard refused the text: select it and copy it by hand')),
    );
  };

  const save = async () => {
    if (!text) return;
    setError(null);
    try {
      const outcome = await saveTextFile({
        text,
        fileName: `query.${info.extension}`,
        title: `Save the query as ${info.label}`,
        filter: info.filter,
        mimeType: info.mimeType,
      });
      setStatus(describeSave(outcome));
    } catch (err) {
      setError(err as Error);
    }
  };

  return (
    <Dialog
      title="Export query as code"
      onClose={onClose}
      testId="export-code-dialog"
      footer={
        <>
          <p className="qcode__status" role="status" data-testid="export-code-status">
            {status}
          </p>
          <span className="dialog__footer-spacer" />
          <button type="button" className="btn" disabled={!text} onClick={copy}>
            <CopyIcon size={14} /> Copy
          </button>
          <button type="button" className="btn" disabled={!text} onClick={save}>
            <DownloadIcon size={14} /> Save to file…
          </button>
          <button type="button" className="btn btn--primary" onClick={onClose}>
            Done
          </button>
        </>
      }
    >
      <div className="qcode">
        {error && <ErrorBanner error={error} title="Could not export" onDismiss={() => setError(null)} />}
        <div className="qcode__tabs" role="tablist" aria-label="Language">
          {(Object.keys(FORMATS) as Format[]).map((f) => (
            <button
              key={f}
              type="button"
              role="tab"
              id={`${tabsId}-${f}`}
              aria-selected={f === format}
              aria-controls={`${tabsId}-panel`}
              className="qcode__tab"
              onClick={() => pick(f)}
            >
              {FORMATS[f].label}
            </button>
          ))}
        </div>
        <div
          className="qcode__panel"
          role="tabpanel"
          id={`${tabsId}-panel`}
          aria-labelledby={`${tabsId}-${format}`}
        >
          <p className="qcode__about muted">{about(format, connection)}</p>
          {format === 'python' && (
            <fieldset className="qcode__calls">
              <legend className="qcode__legend">Python call</legend>
              {CALLS.map((c) => (
                <label key={c.call} className="qcode__call">
                  <input
                    type="radio"
                    name={callName}
                    value={c.call}
                    checked={call === c.call}
                    onChange={() => {
                      setCall(c.call);
                      setStatus(null);
                    }}
                  />
                  <span>
                    <code className="qcode__call-name">{c.name}</code>
                    <span className="qcode__call-hint">{c.hint}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          {format !== 'json' && connection?.kind === 'embedded' && (
            <p className="qcode__note" data-testid="export-code-note">
              <InfoIcon size={14} />
              {format === 'python'
                ? 'Python cannot open this app’s embedded datalake: point MONGO_URI and MONGO_DB in the script at a MongoDB datalake that holds the same datums.'
                : 'The module opens the embedded datalake’s folder: close the app first (one process at a time).'}
            </p>
          )}
          {!builder.ok ? (
            <p className="qcode__problem" data-testid="export-code-problem">
              <AlertIcon size={14} /> The builder’s query cannot be exported yet: {builder.reason}
            </p>
          ) : code && 'error' in code ? (
            <p className="qcode__problem" data-testid="export-code-problem">
              <AlertIcon size={14} /> {code.error}
            </p>
          ) : (
            <textarea
              className="qcode__code"
              readOnly
              wrap="off"
              spellCheck={false}
              aria-label={`${info.label} code`}
              data-testid="export-code-text"
              value={text ?? ''}
            />
          )}
        </div>
      </div>
    </Dialog>
  );
}

function about(format: Format, connection: Connection | undefined): string {
  if (format === 'json') {
    return 'The query list itself, with Extended JSON values: paste it into the builder, a query file, or any engine call.';
  }
  const where = connection
    ? connection.kind === 'mongodb'
      ? `${connection.uriRedacted ?? ''} · database ${connection.dbName ?? ''}`
      : `the embedded datalake at ${connection.path ?? ''}`
    : 'the active connection';
  const secret = connection?.uriRedacted?.includes(':***@')
    ? ` The password is not written out: the code reads it from ${PASSWORD_ENV}.`
    : '';
  return format === 'python'
    ? `A complete script for mindtrace-datalake on ${where}.${secret}`
    : `A module for this app’s engine (Datalake.open + queryData) on ${where}.${secret}`;
}
