/**
 * How many rows survive each stage (base read → with label → without bbox), so a user sees where rows
 * drop out. Items read exactly `<column>: <count>`; the stage's strategy and the lower-bound mark (while the
 * query runs) are drawn by the stylesheet from data attributes, and the title says it in words.
 */
import type { QueryStatsJson } from '#shared/contract';
import { formatCount } from '../../components/plain-words';
import type { StageLabel } from './query-stages';

const STRATEGY_NOTE: Record<string, string> = {
  latest: 'latest',
  earliest: 'earliest',
  random: 'random',
  quickest: 'quickest',
  missing: 'missing',
};

export function Funnel({
  stages,
  stats,
  running,
}: {
  stages: StageLabel[];
  stats: QueryStatsJson | null;
  running: boolean;
}) {
  const counts = stages.map((_, i) => stats?.survivors[i] ?? 0);
  const top = Math.max(1, counts[0] ?? 0);
  const lower = !stats?.complete;
  return (
    <section className="funnel" aria-labelledby="funnel-title">
      <h3 className="funnel__title" id="funnel-title">
        Rows per stage
        {lower && stats && (
          <span className="funnel__note">
            {running ? 'at least, still running' : 'at least, stopped early'}
          </span>
        )}
      </h3>
      <ol className="funnel__list" aria-label="Funnel" aria-busy={running}>
        {stages.map((s, i) => (
          <li
            key={s.column}
            className="funnel__item"
            data-lower-bound={lower ? 'true' : undefined}
            data-strategy={i === 0 ? 'base' : (STRATEGY_NOTE[s.strategy] ?? s.strategy)}
            title={
              lower
                ? `${s.column}: at least ${formatCount(counts[i])} (the query has not read everything)`
                : undefined
            }
          >
            <span
              className="funnel__bar"
              style={{ width: `${(100 * counts[i]) / top}%` }}
              aria-hidden="true"
            />
            <span className="funnel__label">
              <span className="funnel__column">{s.column}</span>
              <span className="funnel__sep">: </span>
              <span className="funnel__count">{formatCount(counts[i])}</span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
