/** Validation problems shown where they belong (a card, a card field, a condition). */
import { AlertIcon } from '../../components/icons';
import type { Problem } from './builder-analysis';

export function IssueList({ problems, id }: { problems: Problem[]; id?: string }) {
  if (problems.length === 0) return null;
  return (
    <ul className="qb-issues" id={id}>
      {problems.map((p) => (
        <li key={p.key} className={`qb-issue qb-issue--${p.severity}`} data-testid="issue">
          <AlertIcon size={14} className="qb-issue__icon" />
          <span>{p.message}</span>
        </li>
      ))}
    </ul>
  );
}
