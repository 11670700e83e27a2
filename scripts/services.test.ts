/**
 * The test servers answer real operations, byte for byte, through the same SDKs the engine uses.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Binary, MongoClient } from 'mongodb';
import { describe, expect, inject, it } from 'vitest';
import {
  createTestGcsBucket,
  createTestS3Bucket,
  testGcsClient,
  testMongoUri,
  testS3Client,
  uniqueName,
} from '../src/test-support/env';
import { startServices, stopServices } from './services';

describe('test servers', () => {
  it('reach the workers through process.env, matching what global setup provided', () => {
    for (const key of ['MONGODB_URI', 'TEST_S3_ENDPOINT', 'TEST_GCS_ENDPOINT'] as const) {
      expect(process.env[key]).toBe(inject(key));
      expect(process.env[key]).toMatch(/^(mongodb|http)/);
    }
  });

  it('MongoDB wire: insert and find a document, binary field byte-exact', async () => {
    const client = await MongoClient.connect(testMongoUri(), { serverSelectionTimeoutMS: 5000 });
    const dbName = uniqueName('services-test');
    try {
      const bytes = randomBytes(4096);
      const collection = client.db(dbName).collection('docs');
      const { insertedId } = await collection.insertOne({
        name: 'ünïcode ✓',
        n: 42,
        payload: new Binary(bytes),
      });
      const found = await collection.findOne({ _id: insertedId });
      expect(found).not.toBeNull();
      expect(found!.name).toBe('ünïcode ✓');
      expect(found!.n).toBe(42);
      expect(Buffer.from((found!.payload as Binary).buffer).equals(bytes)).toBe(true);
      expect(await collection.countDocuments({ n: { $gte: 42 } })).toBe(1);
    } finally {
      await client.db(dbName).dropDatabase();
      await client.close();
    }
  });

  it('S3 (moto): put and get an object byte-exact', async () => {
    const bucket = await createTestS3Bucket(uniqueName('services-test'));
    const client = testS3Client();
    try {
      const bytes = randomBytes(256 * 1024 + 13);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'dir/object.bin', Body: bytes }));
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'dir/object.bin' }));
      const body = Buffer.from(await got.Body!.transformToByteArray());
      expect(body.length).toBe(bytes.length);
      expect(body.equals(bytes)).toBe(true);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'dir/object.bin' }));
    } finally {
      client.destroy();
    }
  });

  it('GCS (emulator): upload and download byte-exact, simple and resumable', async () => {
    const bucketName = await createTestGcsBucket(uniqueName('services-test'));
    const bucket = testGcsClient().bucket(bucketName);
    const bytes = randomBytes(1024 * 1024 + 7);
    for (const resumable of [false, true]) {
      const file = bucket.file(`dir/object-${resumable ? 'resumable' : 'simple'}.bin`);
      await file.save(bytes, { resumable });
      const [downloaded] = await file.download();
      expect(downloaded.length).toBe(bytes.length);
      expect(downloaded.equals(bytes)).toBe(true);
    }
    const [files] = await bucket.getFiles({ prefix: 'dir/' });
    expect(files.map((f) => f.name).sort()).toEqual(['dir/object-resumable.bin', 'dir/object-simple.bin']);
  });

  it('helpers fail loudly, naming the variable, when a server is missing', () => {
    const saved = process.env.MONGODB_URI;
    delete process.env.MONGODB_URI;
    try {
      expect(() => testMongoUri()).toThrow(/MONGODB_URI is not set/);
    } finally {
      process.env.MONGODB_URI = saved;
    }
  });

  it('uniqueName gives distinct names valid for databases and buckets', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueName('My_Prefix.With Spaces')));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
  });

  it('run inside their own temp folder, where FerretDB keeps its state.json, and stop removes it', async () => {
    // A second set of servers, started as `npm test` starts them (no external server in the environment).
    const env = await startServices({ env: {} });
    const dir = env.tmpDir!;
    try {
      expect(Object.keys(env.pids).sort()).toEqual(['ferretdb', 'gcs', 'moto']);
      expect(realpathSync(dir).startsWith(realpathSync(tmpdir()))).toBe(true);
      const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
      expect(state.uuid).toMatch(/^[0-9a-f-]{36}$/);
      // Working directories, not just flags: a server that writes into its cwd writes here. (/proc: Linux.)
      if (process.platform === 'linux') {
        for (const pid of Object.values(env.pids)) {
          expect(realpathSync(`/proc/${pid}/cwd`)).toBe(realpathSync(dir));
        }
      }
    } finally {
      await stopServices(env);
    }
    expect(existsSync(dir)).toBe(false);
  });
});
