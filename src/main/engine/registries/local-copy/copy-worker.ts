/**
 * A worker thread of the local-copy pool (copy-pool.ts). For a small registry file it reads the bytes
 * whole, hashes them (the SHA-256 a dataset manifest records, and the registry object's own hash in the
 * object's likely framing, the other one only if that differs), writes them under a temporary name and renames that into place, all with synchronous
 * calls: a few microseconds each here, where each awaited call on the main thread cost a round trip
 * through libuv's pool and the event loop, for pictures of a few kB more than the copy itself.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { HashFraming } from '../generations';
import { ObjectHasher } from '../hash';
import type { CopyAnswer, CopyRequest } from './copy-protocol';

function copy(req: CopyRequest): CopyAnswer {
  const { id } = req;
  if (statSync(req.source).size > req.maxBytes) return { id, status: 'too-large' };
  const bytes = readFileSync(req.source);
  if (req.objectHash) {
    // The likely framing alone first: one SHA-256 pass fewer over every file of a known generation.
    const digest = (framing: HashFraming) => {
      const hasher = new ObjectHasher(framing);
      hasher.beginFile(req.file);
      hasher.update(bytes);
      return hasher.digest();
    };
    const first = req.framing ? digest(req.framing) : null;
    if (first !== req.objectHash) {
      const plain = req.framing === 'plain' ? first! : digest('plain');
      const framed = req.framing === 'framed' ? first! : digest('framed');
      if (plain !== req.objectHash && framed !== req.objectHash)
        return { id, status: 'hash-mismatch', plain, framed };
    }
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  try {
    writeFileSync(req.temp, bytes);
    renameSync(req.temp, req.target);
  } catch (err) {
    rmSync(req.temp, { force: true });
    throw err;
  }
  const head = new Uint8Array(bytes.subarray(0, req.headBytes));
  return { id, status: 'copied', sha256, bytes: bytes.length, head };
}

parentPort?.on('message', (req: CopyRequest) => {
  let answer: CopyAnswer;
  try {
    answer = copy(req);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    answer = { id: req.id, status: 'failed', message: e.message, code: e.code };
  }
  parentPort?.postMessage(answer);
});
