/**
 * The failure cases the S3 and GCS backends share: `itFailsClearly(cloud)` adds, to the enclosing describe,
 * the checks that an unreachable endpoint and a missing bucket end in clear RegistryErrors.
 */
import { expect, it } from 'vitest';
import { RegistryError } from '#shared/errors';
import { uniqueName } from '../../../test-support/env';
import type { BucketLocation } from './cloud-common';
import { LayoutRegistry } from './layout';
import type { ObjectBackend } from './registry';

export interface CloudUnderTest {
  service: 'S3' | 'GCS';
  scheme: 's3' | 'gs';
  /** A backend on the test server, or on `endpoint` instead when given. */
  backend(location: BucketLocation, uri: string, endpoint?: string): ObjectBackend;
  /** The prefix of the registry opened in a bucket that does not exist. */
  missingBucketPrefix: string;
}

async function rejection(promise: Promise<unknown>): Promise<RegistryError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegistryError);
  return err as RegistryError;
}

export function itFailsClearly(cloud: CloudUnderTest): void {
  it('fails fast with a clear RegistryError when the endpoint is unreachable', async () => {
    const uri = `${cloud.scheme}://some-bucket/reg`;
    const backend = cloud.backend({ bucket: 'some-bucket', prefix: 'reg' }, uri, 'http://127.0.0.1:1');
    try {
      const registry = new LayoutRegistry(uri, backend, 'zenml');
      const started = Date.now();
      const err = await rejection(registry.save('k', { kind: 'json', value: 1 }, {}));
      expect(Date.now() - started).toBeLessThan(5000);
      expect(err.message).toContain(uri);
      expect(err.message).toMatch(
        new RegExp(`cannot reach the ${cloud.service} endpoint http://127\\.0\\.0\\.1:1`, 'i'),
      );
      const loadErr = await rejection(registry.load('k'));
      expect(loadErr.message).toContain(uri);
    } finally {
      backend.close?.();
    }
  });

  it('names the bucket when it does not exist', async () => {
    const bucket = uniqueName('missing');
    const prefix = cloud.missingBucketPrefix;
    const uri = `${cloud.scheme}://${bucket}${prefix ? `/${prefix}` : ''}`;
    const backend = cloud.backend({ bucket, prefix }, uri);
    try {
      const registry = new LayoutRegistry(uri, backend, 'zenml');
      const err = await rejection(registry.save('k', { kind: 'json', value: 1 }, {}));
      expect(err.message).toMatch(new RegExp(`${cloud.service} bucket ${bucket} does not exist`));
      await rejection(registry.has('k'));
    } finally {
      backend.close?.();
    }
  });
}
