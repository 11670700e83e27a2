/**
 * `manifest.jsonl` of a dataset folder: a header line (the query, the connection without secrets, the app's
 * version, the time) and one line per row with its datum ids, its files and their SHA-256, so training code
 * can trace every sample back to its datums. It is written as `manifest.jsonl.partial` while the export runs
 * and renamed when it completes; a later export into the folder reads either to skip verified files.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export const MANIFEST = 'manifest.jsonl';
export const MANIFEST_FORMAT = 'datalake-browser.dataset';

export interface ManifestHeader {
  type: 'header';
  format: typeof MANIFEST_FORMAT;
  version: 1;
  query: unknown;
  datumsWanted: number | null;
  columns: string[];
  connection: { name: string; kind: string; dbName?: string; uri?: string; path?: string };
  app: { name: string; version: string };
  exportedAt: string;
}

export interface ManifestRow {
  type: 'row';
  row: number;
  ids: Record<string, string>;
  files: Record<string, string[]>;
  sha256: Record<string, string>;
  errors?: Record<string, string>;
}

/** relPath → sha256 of every file an earlier manifest (complete or partial) recorded; empty when none. */
export async function recordedHashes(paths: string[]): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const path of paths) {
    let lines: AsyncIterable<string>;
    try {
      lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
      for await (const line of lines) {
        if (!line.trim()) continue;
        let parsed: Partial<ManifestRow>;
        try {
          parsed = JSON.parse(line);
        } catch {
          break; // a line cut short by a crash ends what can be trusted
        }
        if (parsed.type === 'row' && parsed.sha256) {
          for (const [rel, hash] of Object.entries(parsed.sha256)) hashes.set(rel, hash);
        }
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return hashes;
}
