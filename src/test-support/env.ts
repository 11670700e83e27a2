/**
 * Where the tests find their real servers. scripts/vitest-global-setup.ts (or scripts/test-all.sh) starts
 * them and sets the variables; every helper throws when its variable is missing, so a test without its
 * server fails instead of being skipped.
 *
 * GCS with @google-cloud/storage 7 and gcp-storage-emulator: pass `apiEndpoint` (with its http:// scheme)
 * and a `projectId`; nothing else is needed. A custom apiEndpoint makes the SDK skip authentication
 * (`useAuthWithCustomEndpoint` defaults to false), so no credentials or ADC file are required, and both
 * simple and resumable uploads work (checked with 3 MiB bodies). STORAGE_EMULATOR_HOST is not needed and
 * best left unset: the SDK then takes it verbatim as the JSON API base URL, without `/storage/v1`
 * (this emulator happens to accept both forms).
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Storage } from '@google-cloud/storage';
import type { RegistryOptions } from '../main/engine/registries/registry';

type S3Options = NonNullable<RegistryOptions['s3']>;
type GcsOptions = NonNullable<RegistryOptions['gcs']>;

function requireEnv(name: 'MONGODB_URI' | 'TEST_S3_ENDPOINT' | 'TEST_GCS_ENDPOINT'): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: the test servers are not running. Run the tests through vitest (its global setup ` +
        'starts them) or `npm test`; install the servers once with `bash scripts/install-services.sh`.',
    );
  }
  return value;
}

/** The MongoDB-wire server (FerretDB, or a real MongoDB given through MONGODB_URI). */
export function testMongoUri(): string {
  return requireEnv('MONGODB_URI');
}

/** Options for an S3 registry on the test server (moto accepts any credentials). */
export function testS3Options(): S3Options {
  return {
    endpoint: requireEnv('TEST_S3_ENDPOINT'),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
}

/** Options for a GCS registry on the emulator (see the note at the top of this file). */
export function testGcsOptions(): GcsOptions {
  return { apiEndpoint: requireEnv('TEST_GCS_ENDPOINT'), projectId: 'test' };
}

/**
 * A fresh name that is valid as a MongoDB database name and as an S3 or GCS bucket name:
 * lowercase letters, digits and '-', 3 to 63 characters, starting and ending with a letter or digit.
 */
export function uniqueName(prefix: string): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 36) || 't';
  const random = Math.random().toString(36).slice(2, 8).padEnd(6, '0');
  return `${clean}-${Date.now().toString(36)}-${random}`;
}

/** An S3 client for the test server, with the checksum settings S3-compatible servers need. */
export function testS3Client(): S3Client {
  const options = testS3Options();
  return new S3Client({
    ...options,
    // The SDK's default streaming checksums can leave aws-chunked framing in objects on some
    // S3-compatible servers; only send or check checksums when an operation requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A GCS client for the emulator. */
export function testGcsClient(): Storage {
  return new Storage(testGcsOptions());
}

/** Creates an S3 bucket on the test server and returns its name. */
export async function createTestS3Bucket(name: string = uniqueName('test')): Promise<string> {
  const client = testS3Client();
  try {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  } finally {
    client.destroy();
  }
  return name;
}

/** Creates a GCS bucket on the emulator and returns its name. */
export async function createTestGcsBucket(name: string = uniqueName('test')): Promise<string> {
  await testGcsClient().createBucket(name);
  return name;
}
