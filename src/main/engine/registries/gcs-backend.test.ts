import { describe, expect, it } from 'vitest';
import { createTestGcsBucket, testGcsClient, testGcsOptions, uniqueName } from '../../../test-support/env';
import { itFailsClearly } from './cloud-failures.test-suite';
import { GcsBackend } from './gcs-backend';
import { LayoutRegistry } from './layout';
import { describeRegistryConformance } from './registry-conformance.test-suite';

async function gcsRegistry(prefix = 'registries/team-a') {
  const bucket = await createTestGcsBucket(uniqueName('reg-gcs'));
  const uri = `gs://${bucket}/${prefix}`;
  const backend = new GcsBackend({ bucket, prefix }, testGcsOptions(), uri);
  return { bucket, uri, backend, registry: new LayoutRegistry(uri, backend, 'zenml') };
}

describeRegistryConformance('gcs (gcp-storage-emulator)', async () => {
  const { backend, registry } = await gcsRegistry();
  // GCS has no part size; any stream over a few MiB exercises the resumable upload path.
  return { registry, backend, multipartThreshold: 5 * 1024 * 1024 };
});

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

  itFailsClearly({
    service: 'GCS',
    scheme: 'gs',
    backend: (location, uri, endpoint) =>
      new GcsBackend(location, { ...testGcsOptions(), ...(endpoint ? { apiEndpoint: endpoint } : {}) }, uri),
    missingBucketPrefix: 'x',
  });
});
