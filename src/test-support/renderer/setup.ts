/**
 * Vitest setup of the `dom` project (renderer component tests). Before each test: the real services on a
 * fresh data folder, installed as the renderer's client, so components reach them through `getClient()`
 * exactly as in the app. After each test: unmount, put every zustand store back to its initial state (the
 * stores are module singletons), clear the route, and close the services.
 */
import { act, cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeEach, vi } from 'vitest';
import { createClient, setClient } from '../../renderer/src/api/client';
import { type InProcessHost, removeDataFolderTemplate, startInProcessHost } from '../in-process-host';

interface ResettableStore {
  getInitialState(): unknown;
  setState(state: unknown, replace: true): void;
}

const storeResets = new Set<() => void>();

// zustand's advice for tests: wrap `create` so that each store can be put back to its initial state.
vi.mock('zustand', async (importOriginal) => {
  const actual = await importOriginal<typeof import('zustand')>();
  const track = <S extends ResettableStore>(store: S): S => {
    const initial = store.getInitialState();
    storeResets.add(() => store.setState(initial, true));
    return store;
  };
  const create = (creator?: unknown) =>
    creator === undefined
      ? (later: unknown) => track((actual.create as any)(later))
      : track((actual.create as any)(creator));
  return { ...actual, create: create as typeof actual.create };
});

let host: InProcessHost | null = null;

beforeEach(async () => {
  host = await startInProcessHost();
  setClient(createClient(host.bridge, 'in-process'));
});

afterEach(async () => {
  cleanup();
  act(() => {
    for (const reset of storeResets) reset();
  });
  history.replaceState(null, '', '/');
  await host?.close();
  host = null;
});

afterAll(removeDataFolderTemplate);
