import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '#shared/errors';
import { testMongoUri, uniqueName } from '../../../../test-support/env';
import { ObjectId } from '../../bson';
import { openMongoStore } from './mongo-store';

async function openError(uri: string): Promise<{ error: StoreUnavailableError; ms: number }> {
  const t0 = Date.now();
  try {
    const store = await openMongoStore({ uri, dbName: 'x', timeoutMs: 2000 });
    await store.close();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreUnavailableError);
    return { error: error as StoreUnavailableError, ms: Date.now() - t0 };
  }
  throw new Error(`expected ${uri} to fail`);
}

describe('MongoDB store: failures in plain words, within seconds', () => {
  it('names a refused connection', async () => {
    const { error, ms } = await openError('mongodb://127.0.0.1:1');
    expect(error.message).toBe(
      'Cannot use MongoDB at mongodb://127.0.0.1:1: the connection was refused: no server is listening on that host and port',
    );
    expect(ms).toBeLessThan(5000);
  });

  it('names a host that does not resolve', async () => {
    const { error, ms } = await openError('mongodb://no-such-host.invalid:27017');
    expect(error.message).toContain('the host name could not be resolved (DNS)');
    expect(ms).toBeLessThan(5000);
  });

  it('names a malformed URI', async () => {
    const { error } = await openError('http://example');
    expect(error.message).toContain('not a valid MongoDB URI');
  });

  it('names wrong credentials and never shows the password', async () => {
    const url = new URL(testMongoUri());
    url.username = 'nobody';
    url.password = 's3cret-pass';
    url.searchParams.set('authSource', 'admin');
    const { error, ms } = await openError(url.toString());
    expect(error.message).toContain('authentication failed');
    expect(error.message).not.toContain('s3cret-pass');
    expect(JSON.stringify(error.details)).not.toContain('s3cret-pass');
    expect(ms).toBeLessThan(5000);
  });
});

describe('MongoDB store: documents and indexes', () => {
  it('creates derived_from_1 and keeps documents exactly', async () => {
    const dbName = uniqueName('mongo-store');
    const store = await openMongoStore({ uri: testMongoUri(), dbName });
    try {
      const { MongoClient } = await import('mongodb');
      const client = await MongoClient.connect(testMongoUri());
      const indexes = await client.db(dbName).collection('Datum').indexes();
      expect(indexes.map((i) => i.name)).toContain('derived_from_1');
      const parent = new ObjectId();
      const doc = {
        _id: new ObjectId(),
        data: Buffer.from([1, 2, 3]),
        registry_uri: null,
        registry_key: null,
        derived_from: parent,
        metadata: { a: { b: [1, 'x', null] } },
        added_at: new Date('2024-05-06T07:08:09.123Z'),
      };
      await store.insertOne(doc);
      const raw = await client.db(dbName).collection('Datum').findOne({ _id: doc._id });
      expect(Object.keys(raw!)).toEqual([
        '_id',
        'data',
        'registry_uri',
        'registry_key',
        'derived_from',
        'metadata',
        'added_at',
      ]);
      expect(raw!.derived_from).toBeInstanceOf(ObjectId);
      await client.close();
      const batches: unknown[] = [];
      for await (const b of store.findDocuments({ filter: {}, parentIn: [parent.toHexString()] }))
        batches.push(...b);
      expect(batches).toEqual([doc]);
    } finally {
      await store.close();
    }
  });
});
