/**
 * Starts export jobs for a client: results (CSV/JSON/JSONL) to a path or, on the web host, to a temporary
 * file the client downloads (`GET /download/<jobId>`, removed when its session ends); datasets to a folder.
 * Each job borrows the datalake for its whole run, so switching connections cannot close it underneath.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import type { CallInput, Connection } from '#shared/contract';
import { InvalidInputError, NotFoundError } from '#shared/errors';
import type { QueryInput } from '#shared/query/types';
import { validateQuery } from '#shared/query/validate';
import type { JobRunner } from '../jobs';
import type { DatalakeLender } from '../query-service';
import type { ClientSession } from '../sessions';
import { exportDataset } from './dataset-export';
import { exportResults } from './results-export';

interface Download {
  path: string;
  fileName: string;
  sessionId: string;
}

const EXTENSIONS = { csv: '.csv', json: '.json', jsonl: '.jsonl' } as const;
const MEDIA_TYPES = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  jsonl: 'application/x-ndjson',
} as const;

export class ExportService {
  private readonly downloads = new Map<string, Download & { mediaType: string }>();

  constructor(
    private readonly lender: DatalakeLender,
    private readonly jobs: JobRunner,
    private readonly app: { name: string; version: string },
  ) {}

  async startResults(session: ClientSession, input: CallInput<'export.results'>): Promise<string> {
    const query = input.query as QueryInput;
    validateQuery(query, { datumsWanted: input.datumsWanted ?? undefined });
    let path: string;
    let dir: string | undefined;
    if (input.destination.kind === 'path') {
      path = await checkFilePath(input.destination.path);
    } else {
      dir = await mkdtemp(join(tmpdir(), 'datalake-browser-export-'));
      path = join(dir, `results${EXTENSIONS[input.format]}`);
    }
    const lease = await this.lender.acquire();
    let jobId = '';
    jobId = this.jobs.start(
      'export.results',
      async (signal, progress) => {
        try {
          const { rows, bytes } = await exportResults(
            lease.datalake,
            { ...input, query },
            path,
            signal,
            progress,
          );
          if (dir) {
            this.downloads.set(jobId, {
              path,
              fileName: `${slug(lease.connection.name)}-results${EXTENSIONS[input.format]}`,
              sessionId: session.id,
              mediaType: MEDIA_TYPES[input.format],
            });
            const tempDir = dir;
            session.onDispose(() => this.forget(jobId, tempDir));
          }
          return {
            format: input.format,
            rows,
            bytes,
            path: dir ? null : path,
            downloadPath: dir ? `/download/${jobId}` : null,
          };
        } catch (err) {
          if (dir) await rm(dir, { recursive: true, force: true });
          throw err;
        } finally {
          lease.release();
        }
      },
      { session },
    );
    return jobId;
  }

  async startDataset(session: ClientSession, input: CallInput<'export.dataset'>): Promise<string> {
    const query = input.query as QueryInput;
    const stages = validateQuery(query, { datumsWanted: input.datumsWanted ?? undefined });
    const known = new Set(stages.filter((s) => s.strategy !== 'missing').map((s) => s.column));
    for (const c of [...input.columns, input.imageColumn, input.boxColumn]) {
      if (c && !known.has(c))
        throw new InvalidInputError(`"${c}" is not a column of this query`, { column: c });
    }
    if (!isAbsolute(input.folder)) {
      throw new InvalidInputError(`The dataset folder must be an absolute path, got "${input.folder}"`, {
        folder: input.folder,
      });
    }
    const lease = await this.lender.acquire();
    return this.jobs.start(
      'export.dataset',
      async (signal, progress) => {
        try {
          const outcome = await exportDataset(
            lease.datalake,
            { ...input, query },
            input.folder,
            { connection: describeConnection(lease.connection), app: this.app },
            signal,
            progress,
          );
          return { folder: input.folder, manifest: join(input.folder, 'manifest.jsonl'), ...outcome };
        } finally {
          lease.release();
        }
      },
      { session },
    );
  }

  /** The file of a finished download export of this session. */
  download(sessionId: string, jobId: string): Download & { mediaType: string } {
    const d = this.downloads.get(jobId);
    if (!d || d.sessionId !== sessionId) {
      throw new NotFoundError(`No finished export "${jobId}" to download in this session`, { jobId });
    }
    return d;
  }

  private async forget(jobId: string, dir: string): Promise<void> {
    this.downloads.delete(jobId);
    await rm(dir, { recursive: true, force: true });
  }
}

/** The connection as a manifest names it: never a password (the URI is the redacted one). */
function describeConnection(c: Connection) {
  return {
    name: c.name,
    kind: c.kind,
    ...(c.dbName ? { dbName: c.dbName } : {}),
    ...(c.uriRedacted ? { uri: c.uriRedacted } : {}),
    ...(c.path ? { path: c.path } : {}),
  };
}

async function checkFilePath(path: string): Promise<string> {
  if (!isAbsolute(path))
    throw new InvalidInputError(`The export file must be an absolute path, got "${path}"`, { path });
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) throw new InvalidInputError(`${path} is a folder: choose a file name`, { path });
  const parent = await stat(join(path, '..')).catch(() => null);
  if (!parent?.isDirectory())
    throw new InvalidInputError(`The folder of ${basename(path)} does not exist`, { path });
  return path;
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'datalake'
  );
}
