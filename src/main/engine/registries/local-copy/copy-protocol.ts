import type { HashFraming } from '../generations';

/** The messages between the local-copy pool (copy-pool.ts) and its worker threads (copy-worker.ts). */

export interface CopyRequest {
  id: number;
  /** The registry file. */
  source: string;
  /** Written whole under this name first, then renamed to `target`. */
  temp: string;
  target: string;
  /** The file's path inside its registry object (part of the object hash), and that hash to check. */
  file: string;
  objectHash: string | null;
  /** The framing to try first (the object's generation); the other is tried only on a mismatch. */
  framing: HashFraming | null;
  /** Larger files are left to the caller's streaming copy. */
  maxBytes: number;
  /** How many first bytes to send back (a picture's header). */
  headBytes: number;
}

export type CopyAnswer =
  | { id: number; status: 'copied'; sha256: string; bytes: number; head: Uint8Array }
  | { id: number; status: 'too-large' }
  | { id: number; status: 'hash-mismatch'; plain: string; framed: string }
  | { id: number; status: 'failed'; message: string; code?: string };
