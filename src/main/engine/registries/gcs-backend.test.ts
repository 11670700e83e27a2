import { describe, expect, it } from 'vitest';
import { RegistryError } from '../../../shared/errors';
import { createTestGcsBucket, testGcsClient, testGcsOptions, uniqueName } from '../../../test-support/env';
import { GcsBackend } from './gcs-backend';
import { LayoutRegistry } from './layout';
import { describeRegistryConformance } from './registry-conformance.test-suite';

async function gcsRegistry(prefix = 'registries/team-a') {
  const bucket = await createTestGcsBucket(uniqueName('reg-gcs'));
  const uri = `gs://${bucket}/${prefix}`;
  const backend = new GcsBackend({ bucket, prefix }, testGcsOptions(), uri);
  return { bucket, uri, backend, registry: new LayoutRegistry(uri, backend) };
}

describeRegistryConformance('gcs (gcp-storage-emulator)', async () => {
  const { backend, registry } = await gcsRegistry();
  // GCS has no part size; any stream over a few MiB exercises the resumable upload path.
  return { registry, backend, multipartThreshold: 5 * 1024 * 1024 };
});

async function rejection(promise: Promise<unknown>): Promise<RegistryError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegistryError);
  return err as RegistryError;
}

describe('gcs registry', () => {
  it('keeps everything under the bucket prefix', async () => {
    const { bucket, registry } = await gcsRegistry('deep/prefix');
    const info = await registry.save('obj', { kind: 'json', value: { a: 1 } }, { p: 1 });
    expect(info.path).toBe(`gs://${bucket}/deep/prefix/obj/1.0.0`);
    const [files] = await testGcsClient().bucket(bucket).getFiles();
    expect(files.map((f) => f.name).sort()).toEqual([
      'deep/prefix/_meta_obj@1.0.0.yaml',
      'deep/prefix/obj/1.0.0/data.json',
      'deep/prefix/registry_metadata.json',
    ]);
  });

  it('fails fast with a clear RegistryError when the endpoint is unreachable', async () => {
    const uri = 'gs://some-bucket/reg';
    const backend = new GcsBackend(
      { bucket: 'some-bucket', prefix: 'reg' },
      { ...testGcsOptions(), apiEndpoint: 'http://127.0.0.1:1' },
      uri,
    );
    const registry = new LayoutRegistry(uri, backend);
    const started = Date.now();
    const err = await rejection(registry.save('k', { kind: 'json', value: 1 }, {}));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err.message).toContain(uri);
    expect(err.message).toMatch(/cannot reach the GCS endpoint http:\/\/127\.0\.0\.1:1/i);
    const loadErr = await rejection(registry.load('k'));
    expect(loadErr.message).toContain(uri);
  });

  it('names the bucket when it does not exist', async () => {
    const bucket = uniqueName('missing');
    const uri = `gs://${bucket}/x`;
    const registry = new LayoutRegistry(uri, new GcsBackend({ bucket, prefix: 'x' }, testGcsOptions(), uri));
    const err = await rejection(registry.save('k', { kind: 'json', value: 1 }, {}));
    expect(err.message).toMatch(new RegExp(`GCS bucket ${bucket} does not exist`));
    await rejection(registry.has('k'));
  });
});
