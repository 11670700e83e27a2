/** Which rows an export covers: the whole query, or the rows the run asked for. */
import { useId } from 'react';
import { formatCount } from '../../components/plain-words';
import type { ExportSource, RowsChoice } from './export-form';

export function RowsChoiceField({
  source,
  value,
  onChange,
}: {
  source: ExportSource;
  value: RowsChoice;
  onChange: (rows: RowsChoice) => void;
}) {
  const name = useId();
  return (
    <fieldset className="xport__group">
      <legend className="xport__legend">Rows</legend>
      <div className="xport__choices">
        <label className="xport__choice">
          <input type="radio" name={name} checked={value === 'all'} onChange={() => onChange('all')} />
          <span className="xport__choice-name">All rows of the query</span>
        </label>
        {source.datumsWanted !== null && (
          <label className="xport__choice">
            <input
              type="radio"
              name={name}
              checked={value === 'wanted'}
              onChange={() => onChange('wanted')}
            />
            <span className="xport__choice-name">
              The run’s {formatCount(source.datumsWanted)} rows wanted
            </span>
          </label>
        )}
      </div>
    </fieldset>
  );
}
