/**
 * What component tests run on: the renderer's client over the in-process bridge to the real dispatcher and
 * services, as one client session: typed errors, broadcasts and the events addressed to it (not another
 * client's), JSON on the wire, and nothing reaching the services once closed.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '#shared/contract';
import { InvalidInputError, NotFoundError } from '#shared/errors';
import { createClient, type DatalakeClient } from '../../renderer/src/api/client';
import { testMongoUri, uniqueName } from '../env';
import { createInProcessBridge } from '../in-process-bridge';
import { type InProcessHost, removeDataFolderTemplate, startInProcessHost } from '../in-process-host';

let host: InProcessHost & { client: DatalakeClient };
beforeEach(async () => {
  const started = await startInProcessHost();
  host = { ...started, client: createClient(started.bridge, 'in-process') };
});
afterEach(async () => {
  await host.close();
});
afterAll(removeDataFolderTemplate);

describe('the in-process bridge', () => {
  it('answers calls from the real services with the contract output', async () => {
    const info = await host.client.call('app.info', {});
    expect(info.dataDir).toBe(host.dataDir);
    const { connections, activeId } = await host.client.call('connections.list', {});
    expect(connections).toHaveLength(1);
    expect(connections[0]).toMatchObject({ id: activeId, kind: 'embedded', isDefault: true });
  });

  it('turns error envelopes into typed errors, with the contract validating inputs', async () => {
    await expect(host.client.call('connections.activate', { id: 'nope' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const bad = await host.client.call('connections.add', { name: 'x' } as never).catch((e) => e);
    expect(bad).toBeInstanceOf(InvalidInputError);
    expect(bad.message).toMatch(/connections\.add/);
    const { activeId } = await host.client.call('connections.list', {});
    await expect(host.client.call('connections.delete', { id: activeId })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });

  it('keeps secrets on the host side and delivers the broadcasts', async () => {
    const withPassword = await host.client.call('connections.add', {
      name: 'Staging',
      kind: 'mongodb',
      uri: 'mongodb://alice:s3cret@db.example:27017/',
      dbName: 'lake',
    });
    expect(withPassword.uriRedacted).not.toContain('s3cret');

    const reachable = await host.client.call('connections.add', {
      name: 'Test server',
      kind: 'mongodb',
      uri: testMongoUri(),
      dbName: uniqueName('bridge'),
    });
    const changed: string[] = [];
    const seen = new Promise<void>((resolve) =>
      host.client.on('connections.changed', (p) => {
        changed.push(p.activeId);
        resolve();
      }),
    );
    await host.client.call('connections.activate', { id: reachable.id });
    await seen;
    expect(changed).toEqual([reachable.id]);
  });

  it("delivers a job's events to the session that started it, not to another client", async () => {
    const other = createInProcessBridge({ dispatcher: host.dispatcher, sessions: host.services.sessions });
    const otherEvents: string[] = [];
    other.on('job.progress', () => otherEvents.push('job.progress'));
    other.on('job.done', () => otherEvents.push('job.done'));
    const progress: EventPayload<'job.progress'>[] = [];
    host.client.on('job.progress', (p) => progress.push(p));
    const done = new Promise<EventPayload<'job.done'>>((resolve) => host.client.on('job.done', resolve));
    const { jobId } = await host.client.call('sample.load', { images: 8 });
    expect(await done).toMatchObject({ jobId, status: 'succeeded' });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.jobId === jobId)).toBe(true);
    expect(otherEvents).toEqual([]);
    await other.close();
  });

  it('delivers events asynchronously and as JSON, never inside the emitter', async () => {
    const received: unknown[] = [];
    host.client.on('job.progress', (p) => received.push(p));
    const payload = { jobId: 'j1', kind: 'sample.load', done: 1, total: 2, message: 'x', extra: undefined };
    host.services.sessions.get(host.bridge.sessionId)?.emit('job.progress', payload as never);
    expect(received).toEqual([]);
    await Promise.resolve();
    expect(received).toEqual([{ jobId: 'j1', kind: 'sample.load', done: 1, total: 2, message: 'x' }]);
    expect(received[0]).not.toBe(payload);
  });

  it('answers an error envelope once closed, without reaching the services', async () => {
    await host.bridge.close();
    expect(host.services.sessions.ids()).not.toContain(host.bridge.sessionId);
    const envelope = await host.bridge.call('app.info', {});
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(/closed/) },
    });
    const received: unknown[] = [];
    host.client.on('connections.changed', (p) => received.push(p));
    host.services.sessions.broadcast('connections.changed', { activeId: 'x' });
    await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual([]);
  });
});
