/**
 * The one entry both hosts use: `dispatch(name, input, ctx)` validates the input against the contract,
 * runs the handler, validates its output, and always answers an Envelope (errors never cross as throws).
 */
import { type CallName, type CallOutput, calls, type Envelope, isCallName } from '#shared/contract';
import { toErrorPayload } from '#shared/errors';
import { buildHandlers } from './handlers';
import type { CallContext, Handlers } from './handlers/types';
import type { Services } from './services';

export interface Dispatcher {
  dispatch(name: string, input: unknown, ctx?: CallContext): Promise<Envelope<unknown>>;
  /** Typed variant for in-process callers (tests). */
  call<N extends CallName>(name: N, input: unknown, ctx?: CallContext): Promise<Envelope<CallOutput<N>>>;
  readonly handlers: Handlers;
}

export interface DispatcherOptions {
  /** Where contract violations and unexpected errors are logged (default console.error). */
  log?: (message: string, details?: unknown) => void;
}

export function createDispatcher(services: Services, options: DispatcherOptions = {}): Dispatcher {
  const handlers = buildHandlers(services);
  const log = options.log ?? ((message, details) => console.error(message, details ?? ''));
  // In-process callers (tests, tools) without a client of their own share one session.
  let inProcess: CallContext | undefined;
  const defaultCtx = (): CallContext => {
    if (!inProcess || inProcess.session.disposed) {
      const id = `in-process-${Math.random().toString(36).slice(2)}`;
      inProcess = { host: services.app.host, session: services.sessions.open(id, () => {}) };
    }
    return inProcess;
  };

  async function dispatch(
    name: string,
    input: unknown,
    ctx: CallContext = defaultCtx(),
  ): Promise<Envelope<unknown>> {
    if (!isCallName(name)) {
      return fail('INVALID_INPUT', `Unknown call "${String(name).slice(0, 100)}"`, {
        name: String(name).slice(0, 100),
      });
    }
    const parsed = calls[name].input.safeParse(input ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
      return fail(
        'INVALID_INPUT',
        `Invalid input for ${name}${where}: ${first?.message ?? 'does not match the contract'}`,
        {
          call: name,
          issues: parsed.error.issues,
        },
      );
    }
    let result: unknown;
    try {
      const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;
      result = await handler(parsed.data, ctx);
    } catch (err) {
      const payload = toErrorPayload(err);
      if (payload.code === 'INTERNAL') log(`call ${name} failed unexpectedly`, err);
      return { ok: false, error: payload };
    }
    const checked = calls[name].output.safeParse(result);
    if (!checked.success) {
      log(`call ${name} returned data that does not match the contract`, checked.error.issues);
      return fail('INTERNAL', `The app answered ${name} with data that does not match its contract`, {
        call: name,
        issues: checked.error.issues,
      });
    }
    return { ok: true, data: checked.data };
  }

  return {
    dispatch,
    call: (name, input, ctx) => dispatch(name, input, ctx) as never,
    handlers,
  };
}

function fail(
  code: 'INVALID_INPUT' | 'INTERNAL',
  message: string,
  details: Record<string, unknown>,
): Envelope<never> {
  return { ok: false, error: { code, message, details } };
}
