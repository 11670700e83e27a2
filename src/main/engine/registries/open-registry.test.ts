import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RegistryError } from '#shared/errors';
import {
  createTestGcsBucket,
  createTestS3Bucket,
  testGcsOptions,
  testS3Options,
  uniqueName,
} from '../../../test-support/env';
import { clearRegistryCache, openRegistry, parseRegistryUri } from './open-registry';

afterAll(() => clearRegistryCache());

describe('parseRegistryUri', () => {
  it('reads file URIs and plain paths', () => {
    expect(parseRegistryUri('file:///data/reg')).toEqual({ scheme: 'file', root: '/data/reg' });
    expect(parseRegistryUri('file://localhost/data/my%20reg')).toEqual({
      scheme: 'file',
      root: '/data/my reg',
    });
    expect(parseRegistryUri('/data/reg/')).toEqual({ scheme: 'file', root: '/data/reg' });
    expect(parseRegistryUri('relative/reg')).toEqual({ scheme: 'file', root: path.resolve('relative/reg') });
    expect(parseRegistryUri('./reg')).toEqual({ scheme: 'file', root: path.resolve('reg') });
    expect(parseRegistryUri('~/reg')).toEqual({ scheme: 'file', root: path.join(homedir(), 'reg') });
  });

  it('reads bucket URIs with and without a prefix', () => {
    expect(parseRegistryUri('s3://my-bucket/some/prefix/')).toEqual({
      scheme: 's3',
      bucket: 'my-bucket',
      prefix: 'some/prefix',
    });
    expect(parseRegistryUri('s3://my-bucket')).toEqual({ scheme: 's3', bucket: 'my-bucket', prefix: '' });
    expect(parseRegistryUri('gs://b.with.dots/p')).toEqual({
      scheme: 'gs',
      bucket: 'b.with.dots',
      prefix: 'p',
    });
  });

  const invalid: Array<[string, RegExp]> = [
    ['', /empty/],
    ['   ', /empty/],
    ['ftp://host/x', /unknown scheme "ftp:"/],
    ['http://example.com/reg', /unknown scheme "http:"/],
    ['file:relative', /file:\/\//],
    ['file://remote-host/x', /remote host/],
    ['s3://', /not a valid bucket name/],
    ['s3:///prefix', /not a valid bucket name/],
    ['s3://a/prefix', /not a valid bucket name/],
    ['s3://bucket/a/../b', /unsafe segment/],
    ['gs://bucket//x', /unsafe segment/],
    ['s3:bucket', /expected s3:\/\/bucket\/prefix/],
    ['/data/\u0000reg', /control character/],
  ];
  for (const [uri, message] of invalid) {
    it(`rejects ${JSON.stringify(uri)} with a RegistryError naming it`, () => {
      let caught: unknown;
      try {
        parseRegistryUri(uri);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(RegistryError);
      expect((caught as Error).message).toMatch(message);
      expect((caught as Error).message).toContain(JSON.stringify(uri));
    });
  }
});

describe('openRegistry', () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  it('caches one instance per URI and options, and keeps the URI as given', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'open-registry-'));
    roots.push(root);
    const uri = pathToFileURL(root).href;
    const a = openRegistry(uri);
    expect(a.uri).toBe(uri);
    expect(openRegistry(uri)).toBe(a);
    expect(openRegistry(uri, { s3: { region: 'eu-west-1' } })).toBe(a); // S3 settings do not matter for files
    expect(openRegistry(root)).not.toBe(a);

    const s3a = openRegistry('s3://bucket-a/x', {
      s3: { region: 'us-east-1', endpoint: 'http://127.0.0.1:1' },
    });
    expect(
      openRegistry('s3://bucket-a/x', { s3: { endpoint: 'http://127.0.0.1:1', region: 'us-east-1' } }),
    ).toBe(s3a);
    expect(
      openRegistry('s3://bucket-a/x', { s3: { region: 'eu-west-1', endpoint: 'http://127.0.0.1:1' } }),
    ).not.toBe(s3a);

    await a.save('k', { kind: 'json', value: { hello: 'world' } }, {});
    expect(await openRegistry(root).load('k')).toEqual({ hello: 'world' });
  });

  it('opens working S3 and GCS registries from their URIs', async () => {
    const s3Bucket = await createTestS3Bucket(uniqueName('open-s3'));
    const s3 = openRegistry(`s3://${s3Bucket}/team/reg`, { s3: testS3Options() });
    const s3Info = await s3.save('k', { kind: 'json', value: [1, 2] }, { via: 'uri' });
    expect(s3Info.path).toBe(`s3://${s3Bucket}/team/reg/k/1.0.0`);
    expect(await s3.load('k')).toEqual([1, 2]);

    const gcsBucket = await createTestGcsBucket(uniqueName('open-gcs'));
    const gcs = openRegistry(`gs://${gcsBucket}/team/reg`, { gcs: testGcsOptions() });
    const gcsInfo = await gcs.save('k', { kind: 'json', value: 'text' }, {});
    expect(gcsInfo.path).toBe(`gs://${gcsBucket}/team/reg/k/1.0.0`);
    expect(await gcs.load('k')).toBe('text');
  });

  it('throws RegistryError for unknown schemes', () => {
    expect(() => openRegistry('azure://container/x')).toThrow(RegistryError);
    expect(() => openRegistry('azure://container/x')).toThrow(/azure:\/\/container\/x/);
  });
});
