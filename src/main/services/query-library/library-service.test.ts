/**
 * The query library on real services: runs are recorded per connection with their outcome, the last 50 are
 * kept, saved queries are validated, searched, renamed, deleted and imported all or nothing, they survive a
 * restart, and an unreadable file is set aside and reported instead of crashing or being emptied.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeQueryFile } from '#shared/query-library/query-file';
import { addTestMongo, makeTestServices, ok, type TestServices } from '../test-services';

let t: TestServices;
afterEach(async () => {
  await t?.close();
});

const IMAGES = [{ 'data.type': 'image', column: 'image_id' }];

async function runToEnd(query: unknown, datumsWanted?: number) {
  const { cursorId } = await ok(t.dispatcher.call('query.open', { query, datumsWanted }));
  for (let i = 0; i < 100; i++) {
    const page = await ok(t.dispatcher.call('query.next', { cursorId, maxRows: 1000 }));
    if (page.done) return;
  }
  throw new Error('the query did not end');
}

describe('query history', () => {
  it('records each run with its outcome, per connection, newest first', async () => {
    t = await makeTestServices();
    await t.services.connections.withDatalake((dl) =>
      dl.addData(Array.from({ length: 7 }, (_, i) => ({ data: { type: 'image', i } }))),
    );
    await runToEnd(IMAGES);
    await runToEnd(IMAGES, 3);
    const { cursorId } = await ok(t.dispatcher.call('query.open', { query: IMAGES, transpose: true }));
    await ok(t.dispatcher.call('query.close', { cursorId }));
    const bad = await t.dispatcher.call('query.open', { query: [{ column: 'a' }, { column: 'b' }] });
    expect(bad.ok).toBe(false); // refused before it ran: not a run

    await expect
      .poll(async () =>
        (await ok(t.dispatcher.call('queries.history', {}))).entries.map((e) => [e.status, e.rows]),
      )
      .toEqual([
        ['cancelled', 0],
        ['done', 3],
        ['done', 7],
      ]);
    const { entries } = await ok(t.dispatcher.call('queries.history', {}));
    expect(entries[0]).toMatchObject({ transpose: true, query: IMAGES, connectionId: 'embedded' });
    expect(entries[1]).toMatchObject({ datumsWanted: 3 });
    for (const e of entries) expect(e.durationMs).toBeGreaterThanOrEqual(0);
    expect((await ok(t.dispatcher.call('queries.history', { search: 'IMAGE' }))).entries).toHaveLength(3);
    expect((await ok(t.dispatcher.call('queries.history', { search: 'bbox' }))).entries).toHaveLength(0);

    // Another connection has its own history.
    const mongo = await addTestMongo(t, 'History');
    await ok(t.dispatcher.call('connections.activate', { id: mongo.id }));
    expect((await ok(t.dispatcher.call('queries.history', {}))).entries).toEqual([]);
    await ok(t.dispatcher.call('connections.activate', { id: 'embedded' }));
    expect((await ok(t.dispatcher.call('queries.history', {}))).entries).toHaveLength(3);
    expect(await ok(t.dispatcher.call('queries.clearHistory', {}))).toEqual({ cleared: 3 });
  });

  it('keeps the last 50 runs of a connection', async () => {
    t = await makeTestServices();
    for (let i = 0; i < 53; i++) {
      const record = t.services.library.recordRun({
        connectionId: 'embedded',
        query: [{ column: `c${i}` }],
        datumsWanted: null,
        transpose: false,
      });
      record.finish({ status: 'done', rows: i });
    }
    await expect
      .poll(async () => (await ok(t.dispatcher.call('queries.history', {}))).entries.length)
      .toBe(50);
    const { entries } = await ok(t.dispatcher.call('queries.history', {}));
    expect(entries[0].query).toEqual([{ column: 'c52' }]);
    expect(entries.at(-1)!.query).toEqual([{ column: 'c3' }]);
  });

  it('sets an unreadable history file aside and reports it once', async () => {
    t = await makeTestServices();
    const dir = join(t.dataDir, 'queries');
    await t.services.library.recordRun({
      connectionId: 'embedded',
      query: IMAGES,
      datumsWanted: null,
      transpose: false,
    });
    await expect
      .poll(() => readFile(join(dir, 'history.json'), 'utf8').catch(() => ''))
      .toContain('image_id');
    const dataDir = t.dataDir;
    await t.services.close();
    await writeFile(join(dir, 'history.json'), '{"version": 1, "entries": [ {"truncated');
    t = await makeTestServices(dataDir);
    const first = await ok(t.dispatcher.call('queries.history', {}));
    expect(first.entries).toEqual([]);
    expect(first.warning).toMatch(
      /The query history file could not be read \(not valid JSON .*\); it was set aside as history\.unreadable-.*\.json and a new one was started\./,
    );
    expect((await readdir(dir)).some((f) => f.startsWith('history.unreadable-'))).toBe(true);
    expect((await ok(t.dispatcher.call('queries.history', {}))).warning).toBeUndefined();
  });
});

describe('saved queries', () => {
  it('saves validated queries by unique name, searches, updates, deletes, and keeps them across a restart', async () => {
    t = await makeTestServices();
    const saved = await ok(
      t.dispatcher.call('queries.save', {
        name: 'Unlabelled',
        description: 'images without a label',
        query: IMAGES,
        datumsWanted: 10,
      }),
    );
    expect(saved).toMatchObject({ name: 'Unlabelled', datumsWanted: 10, transpose: false, query: IMAGES });
    const invalid = await t.dispatcher.call('queries.save', {
      name: 'Bad',
      query: [{ column: 'a', strategy: 'missing' }],
    });
    expect(invalid).toMatchObject({
      ok: false,
      error: { code: 'QUERY_VALIDATION', message: 'Invalid strategy: missing' },
    });
    const taken = await t.dispatcher.call('queries.save', { name: 'unlabelled', query: IMAGES });
    expect(taken).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'A saved query is already named “Unlabelled”: choose another name',
      },
    });
    await ok(
      t.dispatcher.call('queries.save', {
        name: 'Boxes',
        query: [{ column: 'bbox_id', 'data.type': 'bbox' }],
      }),
    );
    expect((await ok(t.dispatcher.call('queries.saved', {}))).queries.map((q) => q.name)).toEqual([
      'Boxes',
      'Unlabelled',
    ]);
    expect(
      (await ok(t.dispatcher.call('queries.saved', { search: 'without a label' }))).queries.map(
        (q) => q.name,
      ),
    ).toEqual(['Unlabelled']);
    const renamed = await ok(
      t.dispatcher.call('queries.save', { id: saved.id, name: 'Unlabelled images', query: IMAGES }),
    );
    expect(renamed.createdAt).toBe(saved.createdAt);

    const dataDir = t.dataDir;
    await t.services.close();
    t = await makeTestServices(dataDir);
    const after = (await ok(t.dispatcher.call('queries.saved', {}))).queries;
    expect(after.map((q) => q.name)).toEqual(['Boxes', 'Unlabelled images']);
    expect(await ok(t.dispatcher.call('queries.delete', { id: after[0].id }))).toEqual({ deleted: true });
    expect(await ok(t.dispatcher.call('queries.delete', { id: after[0].id }))).toEqual({ deleted: false });
  });

  it('imports a query file all or nothing, naming the query that is wrong', async () => {
    t = await makeTestServices();
    await ok(t.dispatcher.call('queries.save', { name: 'Images', query: IMAGES }));
    const good = serializeQueryFile([
      { name: 'Images', description: '', query: IMAGES, datumsWanted: null, transpose: false },
      {
        name: 'Labels',
        description: 'x',
        query: [{ column: 'l', 'data.type': 'classification' }],
        datumsWanted: 5,
        transpose: true,
      },
    ]);
    const imported = await ok(t.dispatcher.call('queries.import', { text: good, fileName: 'team.json' }));
    expect(imported.queries.map((q) => q.name)).toEqual(['Images (2)', 'Labels']);
    const bad = JSON.stringify({
      format: 'datalake-browser.queries',
      version: 1,
      queries: [
        { name: 'Fine', query: IMAGES },
        { name: 'Broken', query: [{ column: 'a', $where: 'sleep(1)' }] },
      ],
    });
    const refused = await t.dispatcher.call('queries.import', { text: bad, fileName: 'bad.json' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/^query 2 of bad\.json \(“Broken”\): .*\$where/);
    expect((await ok(t.dispatcher.call('queries.saved', {}))).queries).toHaveLength(3);
  });
});
