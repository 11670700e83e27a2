/** The outcome of "Test connection", in plain words: latency and server version, or what went wrong. */
import type { CallOutput } from '#shared/contract';
import { AlertIcon, CheckIcon } from '../../components/icons';
import { Spinner } from '../../components/spinner';

export type TestState =
  | { status: 'idle' }
  | { status: 'testing' }
  | { status: 'done'; result: CallOutput<'connections.test'> }
  | { status: 'error'; message: string };

export function TestResult({
  state,
  testId = 'connection-test-result',
}: {
  state: TestState;
  testId?: string;
}) {
  if (state.status === 'idle') return null;
  if (state.status === 'testing') {
    return (
      <div className="test-result" data-testid={testId} aria-live="polite">
        <Spinner label="Testing connection" size={14} /> Testing connection…
      </div>
    );
  }
  if (state.status === 'done' && state.result.ok) {
    const { latencyMs, serverVersion } = state.result;
    return (
      <div className="test-result test-result--ok" data-testid={testId} data-ok="true" role="status">
        <CheckIcon />
        <span>
          Connected in {Math.round(latencyMs)} ms{serverVersion ? ` · server version ${serverVersion}` : ''}
        </span>
      </div>
    );
  }
  const message = state.status === 'done' ? state.result.message : state.message;
  return (
    <div className="test-result test-result--failed" data-testid={testId} data-ok="false" role="alert">
      <AlertIcon />
      <span>{message}</span>
    </div>
  );
}
