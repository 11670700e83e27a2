/** A dismissable error with a plain-words headline, the message, and the technical details on request. */
import { useId, useState } from 'react';
import type { DatalakeError } from '#shared/errors';
import { AlertIcon, CloseIcon } from './icons';
import { errorTitle } from './plain-words';
import './error-banner.css';

interface ErrorBannerProps {
  error: DatalakeError | Error;
  /** Overrides the headline derived from the error's code. */
  title?: string;
  onRetry?: () => void;
  onDismiss?: () => void;
  testId?: string;
}

export function ErrorBanner({ error, title, onRetry, onDismiss, testId = 'error-banner' }: ErrorBannerProps) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const code = 'code' in error ? error.code : undefined;
  const details = 'details' in error ? error.details : undefined;
  const hasDetails = Boolean(code) || (details && Object.keys(details).length > 0);

  return (
    <div className="banner banner--error" role="alert" data-testid={testId}>
      <AlertIcon className="banner__icon" size={18} />
      <div className="banner__body">
        <p className="banner__title">{title ?? errorTitle(code)}</p>
        <p className="banner__message" data-testid={`${testId}-message`}>
          {error.message}
        </p>
        {open && hasDetails && (
          <pre className="banner__details" id={detailsId}>
            {JSON.stringify({ code, ...(details ?? {}) }, null, 2)}
          </pre>
        )}
        <div className="banner__actions">
          {onRetry && (
            <button type="button" className="btn btn--small" onClick={onRetry}>
              Try again
            </button>
          )}
          {hasDetails && (
            <button
              type="button"
              className="btn btn--small btn--ghost"
              aria-expanded={open}
              aria-controls={detailsId}
              onClick={() => setOpen((v) => !v)}
            >
              {open ? 'Hide details' : 'Show details'}
            </button>
          )}
        </div>
      </div>
      {onDismiss && (
        <button type="button" className="icon-btn banner__close" aria-label="Dismiss" onClick={onDismiss}>
          <CloseIcon />
        </button>
      )}
    </div>
  );
}
