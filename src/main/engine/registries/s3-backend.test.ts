import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createTestS3Bucket, testS3Client, testS3Options, uniqueName } from '../../../test-support/env';
import { itFailsClearly } from './cloud-failures.test-suite';
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
  return { bucket, uri, backend, registry: new LayoutRegistry(uri, backend, 'zenml') };
}

describeRegistryConformance('s3 (moto)', async () => {
  const { backend, registry } = await s3Registry();
  return { registry, backend, multipartThreshold: THRESHOLD, dispose: async () => backend.close() };
});

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

  itFailsClearly({
    service: 'S3',
    scheme: 's3',
    backend: (location, uri, endpoint) =>
      new S3Backend(location, { ...testS3Options(), ...(endpoint ? { endpoint } : {}) }, uri),
    missingBucketPrefix: '',
  });

  it('works at the bucket root, without a prefix', async () => {
    const bucket = await createTestS3Bucket(uniqueName('reg-root'));
    const backend = new S3Backend({ bucket, prefix: '' }, testS3Options());
    const registry = new LayoutRegistry(`s3://${bucket}`, backend, 'zenml');
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
