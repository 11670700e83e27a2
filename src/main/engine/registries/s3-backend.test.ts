import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { RegistryError } from '../../../shared/errors';
import { createTestS3Bucket, testS3Client, testS3Options, uniqueName } from '../../../test-support/env';
import { LayoutRegistry } from './layout';
import { describeRegistryConformance } from './registry-conformance.test-suite';
import { S3Backend } from './s3-backend';
import { byteStream, sha256Of } from './test-fixtures';

const THRESHOLD = 5 * 1024 * 1024;

async function s3Registry(prefix = 'registries/team-a') {
  const bucket = await createTestS3Bucket(uniqueName('reg-s3'));
  const uri = `s3://${bucket}/${prefix}`;
  const backend = new S3Backend(
    { bucket, prefix },
    { ...testS3Options(), multipartThreshold: THRESHOLD },
    uri,
  );
  return { bucket, uri, backend, registry: new LayoutRegistry(uri, backend) };
}

describeRegistryConformance('s3 (moto)', async () => {
  const { backend, registry } = await s3Registry();
  return { registry, backend, multipartThreshold: THRESHOLD, dispose: async () => backend.close() };
});

async function rejection(promise: Promise<unknown>): Promise<RegistryError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegistryError);
  return err as RegistryError;
}

describe('s3 registry', () => {
  it('keeps everything under the bucket prefix and sends large streams as multipart uploads', async () => {
    const { bucket, backend, registry } = await s3Registry('deep/prefix');
    const size = 11 * 1024 * 1024;
    const info = await registry.save('big', { kind: 'stream', stream: byteStream(size, 9) }, {});
    await registry.save('small', { kind: 'json', value: { a: 1 } }, {});
    expect(info.path).toBe(`s3://${bucket}/deep/prefix/big/1.0.0`);

    const client = testS3Client();
    try {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual([
        'deep/prefix/_meta_big@1.0.0.yaml',
        'deep/prefix/_meta_small@1.0.0.yaml',
        'deep/prefix/big/1.0.0/data.txt',
        'deep/prefix/registry_metadata.json',
        'deep/prefix/small/1.0.0/data.json',
      ]);
      const big = await client.send(
        new HeadObjectCommand({ Bucket: bucket, Key: 'deep/prefix/big/1.0.0/data.txt' }),
      );
      expect(big.ContentLength).toBe(size);
      expect(big.ETag).toMatch(/-3"?$/); // a multipart ETag: three parts of 5 MiB, 5 MiB and 1 MiB
      const small = await client.send(
        new HeadObjectCommand({ Bucket: bucket, Key: 'deep/prefix/small/1.0.0/data.json' }),
      );
      expect(small.ETag).not.toContain('-');
    } finally {
      client.destroy();
      backend.close();
    }
    expect(await sha256Of(byteStream(size, 9), 'data.txt')).toBe(info.hash);
  });

  it('fails fast with a clear RegistryError when the endpoint is unreachable', async () => {
    const uri = 's3://some-bucket/reg';
    const backend = new S3Backend(
      { bucket: 'some-bucket', prefix: 'reg' },
      { ...testS3Options(), endpoint: 'http://127.0.0.1:1' },
      uri,
    );
    const registry = new LayoutRegistry(uri, backend);
    const started = Date.now();
    const err = await rejection(registry.save('k', { kind: 'json', value: 1 }, {}));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err.message).toContain(uri);
    expect(err.message).toMatch(/cannot reach the S3 endpoint http:\/\/127\.0\.0\.1:1/i);
    const loadErr = await rejection(registry.load('k'));
    expect(loadErr.message).toContain(uri);
    backend.close();
  });

  it('names the bucket when it does not exist', async () => {
    const bucket = uniqueName('missing');
    const uri = `s3://${bucket}`;
    const backend = new S3Backend({ bucket, prefix: '' }, testS3Options(), uri);
    const registry = new LayoutRegistry(uri, backend);
    const err = await rejection(registry.save('k', { kind: 'json', value: 1 }, {}));
    expect(err.message).toMatch(new RegExp(`S3 bucket ${bucket} does not exist`));
    await rejection(registry.has('k'));
    backend.close();
  });

  it('works at the bucket root, without a prefix', async () => {
    const bucket = await createTestS3Bucket(uniqueName('reg-root'));
    const backend = new S3Backend({ bucket, prefix: '' }, testS3Options());
    const registry = new LayoutRegistry(`s3://${bucket}`, backend);
    const info = await registry.save('root-key', { kind: 'json', value: ['x'] }, { at: 'root' });
    expect(info.path).toBe(`s3://${bucket}/root-key/1.0.0`);
    expect(await backend.list('')).toEqual([
      '_meta_root-key@1.0.0.yaml',
      'registry_metadata.json',
      'root-key/1.0.0/data.json',
    ]);
    expect(await registry.load('root-key')).toEqual(['x']);
    backend.close();
  });
});
