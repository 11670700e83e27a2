/** What the results area says before a run, and after a run that matched nothing. */
import { EmptyState } from '../../components/empty-state';
import { GridIcon } from '../../components/icons';

export function ResultsEmpty({ kind }: { kind: 'idle' | 'no-rows' }) {
  return kind === 'idle' ? (
    <EmptyState icon={<GridIcon size={22} />} title="No results yet" testId="results-idle">
      Run a query to see its rows here, with a funnel of how many survive each stage.
    </EmptyState>
  ) : (
    <EmptyState icon={<GridIcon size={22} />} title="No rows matched" testId="results-no-rows">
      The funnel above shows the stage where rows dropped out.
    </EmptyState>
  );
}
