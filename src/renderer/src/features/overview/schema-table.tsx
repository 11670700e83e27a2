/** The schema sample: each `data.*` / `metadata.*` path, the types seen there, and how often it appears. */
import type { CallOutput } from '#shared/contract';
import { formatCount } from '../../components/plain-words';

type Schema = CallOutput<'overview.schema'>;

export function SchemaTable({ schema }: { schema: Schema }) {
  const { sampled, fields } = schema;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="overview-schema-table">
        <caption className="visually-hidden">Fields found in a sample of {sampled} datums</caption>
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col">Types</th>
            <th scope="col" className="num">
              Frequency
            </th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => {
            const share = sampled > 0 ? f.count / sampled : 0;
            return (
              <tr key={f.path} data-testid={`schema-field-${f.path}`}>
                <td className="mono">{f.path}</td>
                <td>
                  <span className="type-pills">
                    {f.types.map((t) => (
                      <span key={t} className={`type-pill type-pill--${t}`}>
                        {t}
                      </span>
                    ))}
                  </span>
                </td>
                <td className="num">
                  <span className="freq">
                    <span className="freq__track" aria-hidden="true">
                      <span className="freq__bar" style={{ width: `${share * 100}%` }} />
                    </span>
                    <span
                      className="freq__value"
                      title={`${formatCount(f.count)} of ${formatCount(sampled)}`}
                    >
                      {formatShare(share)}
                    </span>
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function formatShare(share: number): string {
  if (share >= 0.995) return '100%';
  if (share > 0 && share < 0.01) return '<1%';
  return `${Math.round(share * 100)}%`;
}
