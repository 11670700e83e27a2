/**
 * The contract test: every call has exactly one handler (and no handler answers a call the contract does
 * not name), real calls' outputs match their schemas, and the dispatcher turns every failure into an envelope.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, type CallName, type CallOutput, calls, envelopeSchema, events } from '#shared/contract';
import { testMongoUri, uniqueName } from '../../test-support/env';
import { DOMAINS } from './handlers';
import { makeTestServices, type TestServices } from './test-services';

let t: TestServices;
beforeAll(async () => {
  t = await makeTestServices();
});
afterAll(async () => {
  await t.close();
});

describe('the contract', () => {
  it('has exactly one handler per call and no extra handlers', () => {
    const names = DOMAINS.flatMap((domain) => Object.keys(domain(t.services)));
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...CALL_NAMES].sort());
    expect(Object.keys(t.dispatcher.handlers).sort()).toEqual([...CALL_NAMES].sort());
  });

  it('answers every call, on real services, with data that matches its output schema', async () => {
    const exercised = new Set<CallName>();
    const run = async <N extends CallName>(name: N, input: unknown) => {
      const envelope = await t.dispatcher.call(name, input);
      expect(envelopeSchema(calls[name].output).safeParse(envelope).success).toBe(true);
      if (!envelope.ok) throw new Error(`${name} failed: ${JSON.stringify(envelope.error)}`);
      exercised.add(name);
      return calls[name].output.parse(envelope.data) as CallOutput<N>;
    };

    /** A call whose answer here is a typed failure (e.g. no file dialogs on the web host). */
    const runFailing = async (name: CallName, input: unknown, code: string) => {
      const envelope = await t.dispatcher.call(name, input);
      expect(envelopeSchema(calls[name].output).safeParse(envelope).success).toBe(true);
      expect(envelope).toMatchObject({ ok: false, error: { code } });
      exercised.add(name);
    };

    const info = await run('app.info', {});
    expect(info).toMatchObject({ name: 'Datalake Browser', host: 'web', dataDir: t.dataDir });
    expect(info.secretStorage.encrypted).toBe(false);
    expect(info.secretStorage.warning).toMatch(/unencrypted/);
    expect((await run('app.session', {})).sessionId).toBe(t.session.id);
    expect((await run('connections.list', {})).activeId).toBe('embedded');
    expect((await run('connections.test', { id: 'embedded' })).ok).toBe(true);
    const added = await run('connections.add', {
      name: 'Contract',
      kind: 'mongodb',
      uri: testMongoUri(),
      dbName: uniqueName('contract'),
    });
    await run('connections.update', { id: added.id, name: 'Contract test' });
    expect((await run('connections.test', { uri: testMongoUri(), dbName: 'x' })).ok).toBe(true);
    await run('connections.activate', { id: added.id });
    expect((await run('overview.get', {})).connection.name).toBe('Contract test');
    const { jobId } = await run('sample.load', { images: 8 });
    await t.services.jobs.wait(jobId);
    expect((await run('jobs.get', { jobId })).status).toBe('succeeded');
    expect((await run('jobs.list', {})).jobs.map((j) => j.jobId)).toContain(jobId);
    expect(await run('jobs.cancel', { jobId })).toEqual({ cancelled: false });
    expect((await run('overview.exactCount', {})).count).toBeGreaterThan(8);
    expect((await run('overview.typeCounts', { refresh: true })).counts.length).toBeGreaterThan(1);
    expect((await run('overview.schema', {})).fields.length).toBeGreaterThan(5);
    const { cursorId, columns } = await run('query.open', {
      query: [{ 'data.type': 'image', column: 'image_id' }],
      datumsWanted: 3,
    });
    expect(columns).toEqual(['image_id']);
    const page = await run('query.next', { cursorId, maxRows: 2 });
    expect(page.rows).toHaveLength(2);
    expect(page.done).toBe(false);
    const rest = await run('query.next', { cursorId, maxRows: 2 });
    expect(rest.rows).toHaveLength(1);
    // The end is known once the stream says so: the last call may bring no rows, only `done`.
    const end = rest.done ? rest : await run('query.next', { cursorId, maxRows: 2 });
    expect(end).toMatchObject({ done: true, stats: { complete: false } });
    expect(await run('query.close', { cursorId })).toEqual({ closed: false });
    const got = await run('datums.get', { ids: [page.rows[0].image_id], preview: true, payload: true });
    expect(got.datums[0]).toMatchObject({ id: page.rows[0].image_id, data: { type: 'image' } });
    expect(got.datums[0]!.previewId).toMatch(/^[0-9a-f]{24}$/);
    // Ingestion: an upload planned, then ingested into the active datalake.
    const upload = await t.services.uploads.receive(
      { name: 'rows.jsonl', body: Readable.from(['{"n": 1}\n{"n": 2}\n']) },
      t.session,
    );
    const ingestOptions = {
      sources: [{ kind: 'upload', uploadId: upload.uploadId, relativePath: 'drop/rows.jsonl' }],
      target: { kind: 'inline' },
    };
    const { registries } = await run('ingest.registries', {});
    expect(registries[0].origin).toBe('connection');
    expect((await run('ingest.checkRegistry', { uri: registries[0].uri })).ok).toBe(true);
    expect((await run('ingest.plan', ingestOptions)).preview.map((p) => p.data)).toEqual([
      { n: 1 },
      { n: 2 },
    ]);
    const ingested = await run('ingest.start', ingestOptions);
    await t.services.jobs.wait(ingested.jobId);
    expect((await run('jobs.get', { jobId: ingested.jobId })).result).toMatchObject({
      written: 1,
      datums: 2,
    });
    // The job consumed the upload: nothing is left to discard.
    expect(await run('ingest.discard', { uploadIds: [upload.uploadId] })).toEqual({ removed: 0 });
    await expect.poll(async () => (await run('queries.history', {})).entries.length).toBeGreaterThan(0);
    const savedQuery = await run('queries.save', { name: 'Images', query: [{ column: 'image_id' }] });
    expect((await run('queries.saved', {})).queries).toEqual([savedQuery]);
    const imported = await run('queries.import', { text: '[{"column": "x"}]', fileName: 'x.json' });
    expect(imported.queries[0].name).toBe('x');
    expect(await run('queries.delete', { id: savedQuery.id })).toEqual({ deleted: true });
    expect((await run('queries.clearHistory', {})).cleared).toBeGreaterThan(0);
    const exportDir = await mkdtemp(join(tmpdir(), 'dlb-contract-export-'));
    const { jobId: resultsJob } = await run('export.results', {
      query: [{ column: 'image_id', 'data.type': 'image' }],
      format: 'csv',
      columns: [{ column: 'image_id', fields: ['data.filename'] }],
      destination: { kind: 'path', path: join(exportDir, 'rows.csv') },
    });
    expect((await t.services.jobs.wait(resultsJob)).status).toBe('succeeded');
    const { jobId: datasetJob } = await run('export.dataset', {
      query: [{ column: 'image_id', 'data.type': 'image' }],
      columns: ['image_id'],
      folder: join(exportDir, 'dataset'),
    });
    expect((await t.services.jobs.wait(datasetJob)).status).toBe('succeeded');
    await rm(exportDir, { recursive: true, force: true });
    await runFailing('host.chooseSavePath', { defaultName: 'rows.csv' }, 'INVALID_INPUT');
    await runFailing('host.chooseFolder', {}, 'INVALID_INPUT');
    await runFailing('host.saveText', { defaultName: 'query.py', text: 'print(1)' }, 'INVALID_INPUT');
    const image = page.rows[0].image_id;
    expect((await run('graph.ancestors', { ids: [image] })).datums[0].id).toBe(image);
    const { groups } = await run('graph.children', { parents: [image] });
    expect(groups.length).toBeGreaterThan(0);
    const cluster = await run('graph.clusterPage', { parent: image, type: groups[0].type, limit: 1 });
    expect(cluster.datums[0].derivedFrom).toBe(image);
    expect((await run('graph.row', { row: [image] })).stages[0].id).toBe(image);
    expect((await run('graph.boxes', { id: image })).truncated).toBe(false);
    expect(await run('connections.delete', { id: added.id })).toEqual({
      deleted: true,
      activeId: 'embedded',
    });

    expect([...exercised].sort()).toEqual([...CALL_NAMES].sort());
    // Every event pushed on the way matches its schema too.
    expect(t.events.length).toBeGreaterThan(0);
    for (const { event, payload } of t.events) expect(events[event].safeParse(payload).success).toBe(true);
  });

  it('answers invalid input with INVALID_INPUT and the zod issues', async () => {
    const envelope = await t.dispatcher.dispatch('connections.add', {
      name: '',
      kind: 'mongodb',
      uri: 'mongodb://h',
    });
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('INVALID_INPUT');
    expect(envelope.error.message).toMatch(/^Invalid input for connections.add at name: /);
    const issues = envelope.error.details.issues as Array<{ path: string[] }>;
    expect(issues.map((i) => i.path.join('.')).sort()).toEqual(['dbName', 'name']);
    expect(await t.dispatcher.dispatch('connections.test', {})).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringContaining('give either a connection id, or a uri and a dbName'),
      },
    });
    expect(await t.dispatcher.dispatch('no.such.call', {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Unknown call "no.such.call"' },
    });
    expect(await t.dispatcher.dispatch('toString', {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('turns typed errors into their envelopes, and surprises into INTERNAL', async () => {
    expect(await t.dispatcher.dispatch('jobs.get', { jobId: 'nope' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No job with id "nope"', details: { jobId: 'nope' } },
    });
    const handlers = t.dispatcher.handlers as Record<string, unknown>;
    const original = handlers['jobs.list'];
    try {
      handlers['jobs.list'] = () => {
        throw new TypeError('boom');
      };
      expect(await t.dispatcher.dispatch('jobs.list', {})).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'boom', details: {} },
      });
      // A handler that breaks the contract is an INTERNAL error, never data the client cannot trust.
      handlers['jobs.list'] = () => ({ jobs: 'not a list' });
      const bad = await t.dispatcher.dispatch('jobs.list', {});
      expect(bad).toMatchObject({ ok: false, error: { code: 'INTERNAL', details: { call: 'jobs.list' } } });
      // Extra fields (a password by mistake) are stripped by the output schema.
      handlers['jobs.list'] = () => ({ jobs: [], password: 'leak' });
      expect(await t.dispatcher.dispatch('jobs.list', {})).toEqual({ ok: true, data: { jobs: [] } });
    } finally {
      handlers['jobs.list'] = original;
    }
  });
});
