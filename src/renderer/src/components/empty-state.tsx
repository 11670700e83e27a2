/** A calm placeholder for a view with nothing to show yet, with the one action that fixes that. */
import type { ReactNode } from 'react';
import './empty-state.css';

interface EmptyStateProps {
  icon: ReactNode;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}

export function EmptyState({ icon, title, children, actions, testId }: EmptyStateProps) {
  return (
    <section className="empty-state" data-testid={testId} aria-label={title}>
      <div className="empty-state__icon">{icon}</div>
      <h2 className="empty-state__title">{title}</h2>
      {children && <div className="empty-state__text">{children}</div>}
      {actions && <div className="empty-state__actions">{actions}</div>}
    </section>
  );
}
