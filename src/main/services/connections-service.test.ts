import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testMongoUri, uniqueName } from '../../test-support/env';
import { addTestMongo, makeTestServices, ok, type TestServices, unusedPort } from './test-services';

const SECRET = 'Sup3r-S3cret-Pw';

let t: TestServices;
beforeEach(async () => {
  t = await makeTestServices();
});
afterEach(async () => {
  await t.close();
});

/** Every answer, every event and every file in the data folder, as one string to search for secrets. */
async function everythingVisible(outputs: unknown[]): Promise<string> {
  const file = await readFile(join(t.dataDir, 'connections.json'), 'utf8').catch(() => '');
  return JSON.stringify(outputs) + JSON.stringify(t.events) + file;
}

function mongoUriWithPassword(password: string): string {
  return testMongoUri().replace('mongodb://', `mongodb://alice:${password}@`);
}

describe('connections', () => {
  it('has the embedded datalake on first start, active and undeletable', async () => {
    const list = await ok(t.dispatcher.call('connections.list', {}));
    expect(list.activeId).toBe('embedded');
    expect(list.connections).toEqual([
      expect.objectContaining({
        id: 'embedded',
        kind: 'embedded',
        isDefault: true,
        path: join(t.dataDir, 'embedded'),
      }),
    ]);
    expect(list.connections[0].registryUri).toBe(`file://${join(t.dataDir, 'embedded', 'registry')}`);
    expect((await stat(join(t.dataDir, 'embedded', 'registry'))).isDirectory()).toBe(true);
    const del = await t.dispatcher.call('connections.delete', { id: 'embedded' });
    expect(del).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'The embedded datalake cannot be deleted' },
    });
  });

  it('tests a wrong port with a plain-words error within a few seconds', async () => {
    const port = await unusedPort();
    const uri = `mongodb://127.0.0.1:${port}/`;
    const started = Date.now();
    const unsaved = await ok(t.dispatcher.call('connections.test', { uri, dbName: 'x', timeoutMs: 3000 }));
    expect(Date.now() - started).toBeLessThan(8000);
    expect(unsaved.ok).toBe(false);
    expect(unsaved.message).toBe(
      `Cannot use MongoDB at ${uri}: the connection was refused: no server is listening on that host and port`,
    );
    const added = await ok(
      t.dispatcher.call('connections.add', { name: 'Wrong port', kind: 'mongodb', uri, dbName: 'x' }),
    );
    const saved = await ok(t.dispatcher.call('connections.test', { id: added.id, timeoutMs: 2000 }));
    expect(saved).toMatchObject({ ok: false, message: expect.stringContaining('connection was refused') });
    // Activating it fails the same way and leaves the embedded datalake active.
    const activate = await t.dispatcher.call('connections.activate', { id: added.id });
    expect(activate).toMatchObject({ ok: false, error: { code: 'STORE_UNAVAILABLE' } });
    expect((await ok(t.dispatcher.call('connections.list', {}))).activeId).toBe('embedded');
  });

  it('refuses a URI that is not a MongoDB URI', async () => {
    const res = await t.dispatcher.call('connections.add', {
      name: 'x',
      kind: 'mongodb',
      uri: 'http://h:1',
      dbName: 'd',
    });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('mongodb://') },
    });
    const test = await ok(t.dispatcher.call('connections.test', { uri: 'postgres://h', dbName: 'd' }));
    expect(test).toMatchObject({ ok: false, message: expect.stringContaining('is not a MongoDB URI') });
  });

  it('adds the test server, tests it, switches to it and back, and remembers it after a restart', async () => {
    const dbName = uniqueName('conn');
    const added = await addTestMongo(t, 'Test server', dbName);
    expect(added).toMatchObject({
      kind: 'mongodb',
      name: 'Test server',
      dbName,
      isDefault: false,
      timestamps: 'utc',
    });
    const test = await ok(t.dispatcher.call('connections.test', { id: added.id }));
    expect(test.ok).toBe(true);
    expect(test.message).toMatch(/^Connected in \d+ ms/);
    expect(test.serverVersion).toMatch(/^MongoDB \d/);

    const active = await ok(t.dispatcher.call('connections.activate', { id: added.id }));
    expect(active.id).toBe(added.id);
    expect(t.events).toContainEqual({ event: 'connections.changed', payload: { activeId: added.id } });
    const overview = await ok(t.dispatcher.call('overview.get', {}));
    expect(overview.connection.id).toBe(added.id);
    expect(overview.estimatedCount).toBe(0);

    // Restart on the same folder: the list and the active connection survive.
    await t.services.close();
    const again = await makeTestServices(t.dataDir);
    try {
      const list = await ok(again.dispatcher.call('connections.list', {}));
      expect(list.activeId).toBe(added.id);
      expect(list.connections.map((c) => c.name)).toEqual(['Embedded datalake', 'Test server']);
      await ok(again.dispatcher.call('connections.activate', { id: 'embedded' }));
      expect((await ok(again.dispatcher.call('overview.get', {}))).connection.kind).toBe('embedded');
    } finally {
      await again.close();
    }
  });

  it("writes the connection's new registries in the chosen layout generation, and keeps that choice", async () => {
    const list = await ok(t.dispatcher.call('connections.list', {}));
    expect(list.connections[0].registryGeneration).toBe('mindtrace'); // the documented default
    const added = await ok(
      t.dispatcher.call('connections.add', {
        name: 'Zenml era',
        kind: 'mongodb',
        uri: testMongoUri(),
        dbName: uniqueName('gen'),
        registryGeneration: 'zenml',
      }),
    );
    expect(added.registryGeneration).toBe('zenml');
    await ok(t.dispatcher.call('connections.activate', { id: added.id }));
    const write = async (value: unknown) => {
      const lease = await t.services.connections.acquire();
      try {
        const datum = await lease.datalake.addDatum(value, {}, { registryUri: lease.connection.registryUri });
        return (await lease.datalake.registry(datum.registryUri!).info(datum.registryKey!)).materializer;
      } finally {
        lease.release();
      }
    };
    expect(await write({ a: 1 })).toBe('zenml.materializers.BuiltInContainerMaterializer');
    // Changing the setting does not change a registry that already holds objects.
    const updated = await ok(
      t.dispatcher.call('connections.update', { id: added.id, registryGeneration: 'mindtrace' }),
    );
    expect(updated.registryGeneration).toBe('mindtrace');
    expect(await write({ b: 2 })).toBe('zenml.materializers.BuiltInContainerMaterializer');
    const saved = JSON.parse(await readFile(join(t.dataDir, 'connections.json'), 'utf8'));
    expect(saved.connections[0].registryGeneration).toBe('mindtrace');
    const bad = await t.dispatcher.call('connections.update', {
      id: added.id,
      registryGeneration: 'v2' as never,
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('keeps the old datalake open for a job that borrows it, and closes it when released', async () => {
    const a = await addTestMongo(t, 'A', uniqueName('a'));
    const b = await addTestMongo(t, 'B', uniqueName('b'));
    await ok(t.dispatcher.call('connections.activate', { id: a.id }));
    const lease = await t.services.connections.acquire();
    expect(lease.connection.id).toBe(a.id);
    let closed = 0;
    const realClose = lease.datalake.close.bind(lease.datalake);
    lease.datalake.close = async () => {
      closed++;
      await realClose();
    };
    await ok(t.dispatcher.call('connections.activate', { id: b.id }));
    expect(closed).toBe(0);
    await lease.datalake.addDatum({ type: 'still-open' });
    expect(await lease.datalake.count()).toBe(1);
    lease.release();
    lease.release(); // a second release is harmless
    expect(closed).toBe(1);
    expect((await ok(t.dispatcher.call('overview.get', {}))).connection.id).toBe(b.id);
  });

  it('keeps passwords out of connections.json and every output; edits and deletes them', async () => {
    const outputs: unknown[] = [];
    const call = async (name: any, input: unknown) => {
      const envelope = await t.dispatcher.call(name, input);
      outputs.push(envelope);
      return envelope;
    };
    const added = (await call('connections.add', {
      name: 'With password',
      kind: 'mongodb',
      uri: mongoUriWithPassword(SECRET),
      dbName: 'secret_db',
    })) as any;
    expect(added.ok).toBe(true);
    const id = added.data.id;
    expect(added.data.uriRedacted).toBe(mongoUriWithPassword('***'));
    const secretsFile = join(t.dataDir, 'secrets.json');
    expect(await readFile(secretsFile, 'utf8')).toContain(SECRET);
    expect((await stat(secretsFile)).mode & 0o777).toBe(0o600);
    expect(await t.services.secrets.get(`connection:${id}:password`)).toBe(SECRET);

    await call('connections.list', {});
    // The form sends the redacted URI back unchanged: the saved password stays.
    await call('connections.update', { id, name: 'Renamed', uri: mongoUriWithPassword('***') });
    expect(await t.services.secrets.get(`connection:${id}:password`)).toBe(SECRET);
    // Testing with the placeholder uses the saved password (the message shows only ***).
    const tested = (await call('connections.test', {
      id,
      uri: mongoUriWithPassword('***'),
      timeoutMs: 3000,
    })) as any;
    expect(tested.ok).toBe(true);
    await call('connections.test', { uri: mongoUriWithPassword(SECRET), dbName: 'x', timeoutMs: 2000 });
    await call('app.info', {});
    await call('connections.activate', { id }).catch(() => {});
    await call('connections.activate', { id: 'embedded' });
    expect(await everythingVisible(outputs)).not.toContain(SECRET);
    expect(JSON.parse(await readFile(join(t.dataDir, 'connections.json'), 'utf8')).connections[0]).toEqual({
      id,
      name: 'Renamed',
      kind: 'mongodb',
      uri: testMongoUri().replace('mongodb://', 'mongodb://alice@'),
      dbName: 'secret_db',
      timestamps: 'utc',
      hasPassword: true,
    });

    await call('connections.update', { id, uri: mongoUriWithPassword('n3w-pw') });
    expect(await t.services.secrets.get(`connection:${id}:password`)).toBe('n3w-pw');
    await call('connections.update', { id, uri: testMongoUri().replace('mongodb://', 'mongodb://alice@') });
    expect(await t.services.secrets.get(`connection:${id}:password`)).toBeUndefined();
    await call('connections.update', { id, uri: mongoUriWithPassword('again') });

    const deleted = (await call('connections.delete', { id })) as any;
    expect(deleted).toEqual({ ok: true, data: { deleted: true, activeId: 'embedded' } });
    expect(await t.services.secrets.get(`connection:${id}:password`)).toBeUndefined();
    expect(await readFile(secretsFile, 'utf8')).not.toContain('again');
    expect(await t.dispatcher.call('connections.delete', { id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('falls back to the embedded datalake when the active connection is deleted', async () => {
    const added = await addTestMongo(t, 'S', uniqueName('d'));
    await ok(t.dispatcher.call('connections.activate', { id: added.id }));
    t.events.length = 0;
    const res = await ok(t.dispatcher.call('connections.delete', { id: added.id }));
    expect(res).toEqual({ deleted: true, activeId: 'embedded' });
    expect(t.events).toEqual([{ event: 'connections.changed', payload: { activeId: 'embedded' } }]);
    expect((await ok(t.dispatcher.call('overview.get', {}))).connection.id).toBe('embedded');
  });
});
