/**
 * The panel's per-run grid state: the field and thumbnail caches (new for every run), a version that moves
 * when their answers land, the fields each column shows (defaults trimmed after a first look), and loading
 * every received row's values before a sort or filter by them.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Row } from '#shared/query/types';
import { useConnections } from '../connections/connections-store';
import { defaultFields, fieldsOf, trimDefaults, useColumnFields } from './column-fields';
import { createFieldLoader, createThumbnailLoader, fieldsKey } from './datum-loaders';

/** A failed batch leaves its cells loading; they are asked for again when next shown. */
const reportLoadError = (err: unknown) => console.error('Loading values for the results grid failed:', err);

/** Datums of a column looked at before its defaults are trimmed (about the first screen). */
const TRIM_SAMPLE = 8;

export interface LoadProgress {
  label: string;
  done: number;
  total: number;
}

function newLoaders(runId: number) {
  const fields = createFieldLoader(reportLoadError);
  const thumbs = createThumbnailLoader(reportLoadError);
  return {
    runId,
    fields,
    thumbs,
    subscribeFields: (cb: () => void) => fields.subscribe(cb),
    subscribeThumbs: (cb: () => void) => thumbs.subscribe(cb),
  };
}

export function useGridData(runId: number, columns: string[], rows: Row[]) {
  // One pair of caches per run: a new run starts with empty ones.
  const [loaders, setLoaders] = useState(() => newLoaders(runId));
  if (loaders.runId !== runId) setLoaders(newLoaders(runId));
  const fieldsVersion = useSyncExternalStore(loaders.subscribeFields, loaders.fields.getVersion);
  const thumbsVersion = useSyncExternalStore(loaders.subscribeThumbs, loaders.thumbs.getVersion);

  const activeId = useConnections((s) => s.activeId);
  const { schema, chosen, trimmed, loadSchema, setTrimmed, resetTrimmed } = useColumnFields();
  useEffect(() => {
    void loadSchema(activeId);
  }, [activeId, loadSchema]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: defaults are trimmed again for every run
  useEffect(() => resetTrimmed(), [runId, resetTrimmed]);

  const fieldsByColumn = useMemo(() => {
    const out: Record<string, string[]> = {};
    for (const c of columns) out[c] = fieldsOf({ schema, chosen, trimmed }, c);
    return out;
  }, [columns, schema, chosen, trimmed]);
  // What is fetched per column: trimming the defaults changes what is shown, not what is cached.
  const keysByColumn = useMemo(() => {
    const out: Record<string, string> = {};
    for (const c of columns) out[c] = fieldsKey(chosen[c] ?? defaultFields(schema));
    return out;
  }, [columns, schema, chosen]);

  // Once some of a column's datums are loaded, drop the defaults none of them carry.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-checked as answers land
  useEffect(() => {
    for (const column of columns) {
      if (chosen[column] || trimmed[column]) continue;
      const defaults = defaultFields(schema);
      const key = fieldsKey(defaults);
      const loaded: Array<Record<string, unknown>> = [];
      for (let i = 0; i < Math.min(rows.length, 200); i++) {
        const f = loaders.fields.get(key, rows[i][column]);
        if (f && !f.missing) loaded.push(f.values);
      }
      if (loaded.length >= Math.min(rows.length, TRIM_SAMPLE) && loaded.length > 0)
        setTrimmed(column, trimDefaults(defaults, loaded));
    }
  }, [fieldsVersion, columns, rows.length > 0]);

  const [progress, setProgress] = useState<LoadProgress | null>(null);
  const [modelVersion, setModelVersion] = useState(0);

  /** Loads the values of `columnsToLoad`' fields for every received row, then recomputes sort and filter. */
  const loadEverything = async (label: string, columnsToLoad: string[]) => {
    const jobs = columnsToLoad.map((c) => ({ key: keysByColumn[c], ids: rows.map((r) => r[c]) }));
    const total = jobs.reduce((n, j) => n + j.ids.length, 0);
    let before = 0;
    setProgress({ label, done: 0, total });
    try {
      for (const job of jobs) {
        await loaders.fields.loadAll(job.key, job.ids, (done) =>
          setProgress({ label, done: before + done, total }),
        );
        before += job.ids.length;
      }
    } finally {
      setProgress(null);
      setModelVersion((v) => v + 1);
    }
  };

  return {
    loaders,
    cacheVersion: fieldsVersion + thumbsVersion,
    fieldsByColumn,
    keysByColumn,
    schema,
    progress,
    modelVersion,
    loadEverything,
  };
}
