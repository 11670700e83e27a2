/**
 * The results toolbar's export buttons: "Export…" (the rows as CSV/JSON/JSONL) and "Export dataset…"
 * (the payloads into a folder). The results panel mounts this with its run and the grid's fields.
 */
import { useState } from 'react';
import type { QueryInput } from '#shared/query/types';
import { ExportDatasetDialog } from './export-dataset-dialog';
import type { ExportSource } from './export-form';
import { ExportResultsDialog } from './export-results-dialog';
import { useDownloadDelivery } from './export-store';

export interface ExportButtonsProps {
  query: QueryInput;
  datumsWanted: number | null | undefined;
  columns: string[];
  /** The fields the grid shows per column: the results export's defaults. */
  fieldsByColumn: Record<string, string[]>;
}

export function ExportButtons({ query, datumsWanted, columns, fieldsByColumn }: ExportButtonsProps) {
  const [open, setOpen] = useState<'results' | 'dataset' | null>(null);
  useDownloadDelivery();
  // The dialog keeps the run it was opened for, whatever runs after.
  const [source, setSource] = useState<ExportSource | null>(null);
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const show = (which: 'results' | 'dataset') => {
    setSource({ query, datumsWanted: datumsWanted ?? null, columns });
    setFields(fieldsByColumn);
    setOpen(which);
  };
  return (
    <>
      <button type="button" className="btn btn--small" onClick={() => show('results')}>
        Export…
      </button>
      <button type="button" className="btn btn--small" onClick={() => show('dataset')}>
        Export dataset…
      </button>
      {open === 'results' && source && (
        <ExportResultsDialog source={source} gridFields={fields} onClose={() => setOpen(null)} />
      )}
      {open === 'dataset' && source && <ExportDatasetDialog source={source} onClose={() => setOpen(null)} />}
    </>
  );
}
