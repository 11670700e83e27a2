/** The shape of call handlers: one function per contract call, grouped per domain in this folder. */
import type { z } from 'zod';
import type { CallName, CallOutput, calls } from '#shared/contract';
import type { Services } from '../services';
import type { ClientSession } from '../sessions';

/** Who is calling: the host, and the client session (window or socket) that owns what the call starts. */
export interface CallContext {
  host: 'electron' | 'web';
  session: ClientSession;
}

/** A handler receives the input already parsed by the contract schema (defaults applied). */
export type Handler<N extends CallName> = (
  input: z.output<(typeof calls)[N]['input']>,
  ctx: CallContext,
) => Promise<CallOutput<N>> | CallOutput<N>;

export type Handlers = { [N in CallName]: Handler<N> };

export type DomainHandlers<N extends CallName> = (services: Services) => { [K in N]: Handler<K> };
