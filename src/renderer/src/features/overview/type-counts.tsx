/** Datums per `data.type`, as a bar list sorted by count. */
import type { TypeCount } from '#shared/contract';
import { formatCount } from '../../components/plain-words';

export function TypeCounts({ counts }: { counts: TypeCount[] }) {
  const sorted = [...counts].sort((a, b) => b.count - a.count);
  const max = Math.max(1, ...sorted.map((c) => c.count));
  return (
    <ul className="bar-list" aria-label="Datums by type">
      {sorted.map(({ type, count }) => {
        const key = type ?? '(none)';
        return (
          <li key={key} className="bar-list__row" data-testid={`overview-type-count-${key}`}>
            <span className={`bar-list__label${type === null ? ' muted' : ''}`} title={key}>
              {type ?? 'no data.type'}
            </span>
            <span className="bar-list__track" aria-hidden="true">
              <span className="bar-list__bar" style={{ width: `${(count / max) * 100}%` }} />
            </span>
            <span className="bar-list__value" data-testid="count">
              {formatCount(count)}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
