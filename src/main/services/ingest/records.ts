/**
 * JSON and JSONL files as records: a JSONL file gives one record per non-empty line (streamed, so a
 * large file never sits in memory whole); a JSON file gives each element of a top-level array, or its
 * one value. A line that is not JSON is reported with its number while the other lines go on.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { InvalidInputError } from '#shared/errors';
import { extension, type FileEntry } from './file-kinds';
import { AnnotationFileError, parseJsonText } from './importers/types';

/** A JSON (not JSONL) file is parsed whole; past this size it must be JSONL. */
export const MAX_JSON_RECORDS_BYTES = 256 * 1024 ** 2;

export type RecordItem = { key: string; value: unknown } | { key: string; error: Error };

/** The records of a file, each with its place (`:12` for a line, `#[3]` for an array element). */
export async function* readRecords(entry: FileEntry, signal?: AbortSignal): AsyncGenerator<RecordItem> {
  const ext = extension(entry.relPath);
  if (ext === 'jsonl' || ext === 'ndjson') {
    const lines = createInterface({
      input: createReadStream(entry.absPath, { encoding: 'utf8', signal }),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    let n = 0;
    for await (const raw of lines) {
      n++;
      const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() === '') continue;
      try {
        yield { key: `:${n}`, value: JSON.parse(line) };
      } catch (err) {
        yield {
          key: `:${n}`,
          error: new InvalidInputError(
            `line ${n} of ${entry.relPath} is not JSON: ${(err as Error).message}`,
            {
              file: entry.relPath,
              line: n,
            },
          ),
        };
      }
    }
    return;
  }
  if (entry.size > MAX_JSON_RECORDS_BYTES) {
    throw new InvalidInputError(
      `${entry.relPath} is over ${MAX_JSON_RECORDS_BYTES / 1024 ** 2} MB: write it as JSONL (one record per line) to ingest it as records`,
      { file: entry.relPath },
    );
  }
  let value: unknown;
  try {
    value = parseJsonText(
      (await readFile(entry.absPath, { encoding: 'utf8', signal })).replace(/^\uFEFF/, ''),
      entry.relPath,
    );
  } catch (err) {
    if (err instanceof AnnotationFileError)
      throw new InvalidInputError(err.message, { file: entry.relPath, at: err.item });
    throw err;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield { key: `#[${i}]`, value: v };
  } else {
    yield { key: '', value };
  }
}
