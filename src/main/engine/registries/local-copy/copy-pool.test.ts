/**
 * The local-copy pool with real worker threads and real files: a copy lands whole under its name with
 * the right SHA-256 and header bytes; the object hash is checked in either framing and a mismatch writes
 * nothing; a large file and a missing one are answered, not thrown; a pool whose worker cannot start
 * says so (the caller then copies on the main thread); a closed pool starts again.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectHasher } from '../hash';
import { LocalCopyPool } from './copy-pool';

let dir: string;
const pool = new LocalCopyPool(2);
const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) & 255));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const objectHash = (framing: 'plain' | 'framed') => {
  const h = new ObjectHasher(framing);
  h.beginFile('image.png');
  h.update(bytes);
  return h.digest();
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dl-local-copy-'));
  await writeFile(join(dir, 'source.png'), bytes);
});
afterAll(async () => {
  await pool.close();
  await rm(dir, { recursive: true, force: true });
});

const request = (name: string, over: Partial<Parameters<LocalCopyPool['copy']>[0]> = {}) => ({
  source: join(dir, 'source.png'),
  temp: join(dir, `${name}.partial`),
  target: join(dir, name),
  file: 'image.png',
  objectHash: null,
  framing: null,
  maxBytes: 1_000_000,
  headBytes: 16,
  ...over,
});

describe('the local-copy pool', () => {
  it('copies files whole, with their SHA-256 and first bytes, many at once', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => pool.copy(request(`out-${i}`))));
    for (const [i, answer] of answers.entries()) {
      expect(answer).toEqual({
        status: 'copied',
        sha256: sha(bytes),
        bytes: bytes.length,
        head: expect.any(Uint8Array),
      });
      if (answer.status === 'copied') expect(Buffer.from(answer.head)).toEqual(bytes.subarray(0, 16));
      expect(await readFile(join(dir, `out-${i}`))).toEqual(bytes);
    }
    expect((await readdir(dir)).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it("checks the registry object's hash in either framing, and writes nothing when it differs", async () => {
    // Whatever framing is tried first (the object's generation may be unknown or misleading).
    for (const framing of ['plain', 'framed'] as const) {
      for (const first of [null, 'plain', 'framed'] as const) {
        const name = `hashed-${framing}-${first}`;
        const answer = await pool.copy(request(name, { objectHash: objectHash(framing), framing: first }));
        expect(answer.status).toBe('copied');
      }
    }
    const wrong = await pool.copy(request('wrong', { objectHash: 'ab'.repeat(32), framing: 'framed' }));
    expect(wrong).toEqual({
      status: 'hash-mismatch',
      plain: objectHash('plain'),
      framed: objectHash('framed'),
    });
    expect(existsSync(join(dir, 'wrong'))).toBe(false);
    expect(existsSync(join(dir, 'wrong.partial'))).toBe(false);
  });

  it('leaves a large file to the caller, and answers a missing one with its error', async () => {
    expect(await pool.copy(request('large', { maxBytes: 100 }))).toEqual({ status: 'too-large' });
    expect(existsSync(join(dir, 'large'))).toBe(false);
    const missing = await pool.copy(request('missing', { source: join(dir, 'nope.png') }));
    expect(missing).toMatchObject({
      status: 'failed',
      code: 'ENOENT',
      message: expect.stringContaining('nope.png'),
    });
  });

  it('says unavailable when its worker cannot start, and starts again after close', async () => {
    const broken = new LocalCopyPool(
      1,
      () => new Worker('throw new Error("no worker here")', { eval: true }),
    );
    expect(await broken.copy(request('never'))).toEqual({ status: 'unavailable' });
    expect(await broken.copy(request('never'))).toEqual({ status: 'unavailable' });
    await broken.close();

    await pool.close();
    expect((await pool.copy(request('after-close'))).status).toBe('copied');
  });
});
