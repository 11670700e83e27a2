/**
 * Ingestion for the app: plan a drop (with a preview), start its job on the active datalake, offer the
 * registries to write to and check a typed one. The job holds its datalake lease, so switching
 * connections mid-ingest does not close the datalake under it (the switch cancels the job instead).
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallOutput, IngestOptions } from '#shared/contract';
import { InvalidInputError, toErrorPayload } from '#shared/errors';
import type { Datalake } from '../../engine';
import type { ConnectionsService } from '../connections-service';
import type { JobRunner, StartOptions } from '../jobs';
import { JsonFileMap } from '../json-file-map';
import type { ClientSession } from '../sessions';
import type { UploadStore } from '../uploads';
import { batchQuery, templateMetadata } from './batch';
import type { ResolveContext } from './drop-sources';
import { runIngest } from './ingest-job';
import { ingestConcurrency, type PreparedIngest, prepareIngest } from './prepare';
import { buildPreview } from './preview';

export const INGEST_JOB_KIND = 'ingest' as const;
const RECENT_REGISTRIES = 8;
const LISTED_PROBLEMS = 100;

export interface IngestCaller {
  host: 'electron' | 'web';
  session: ClientSession;
}

export class IngestService {
  /** Batches with a job running: the same drop twice at once would write it twice. */
  private readonly running = new Set<string>();
  private readonly recent: JsonFileMap<string[]>;

  constructor(
    private readonly connections: ConnectionsService,
    private readonly jobs: JobRunner,
    private readonly uploads: UploadStore,
    dataDir: string,
  ) {
    this.recent = new JsonFileMap(join(dataDir, 'ingest-registries.json'));
  }

  async plan(options: IngestOptions, caller: IngestCaller): Promise<CallOutput<'ingest.plan'>> {
    return this.connections.withDatalake(async (dl) => {
      const prepared = await prepareIngest(dl, options, this.resolver(caller));
      const { drop, registryUri, batchId } = prepared;
      const already = (await dl.findByValues('metadata.ingest_batch', [batchId])).length;
      const { preview, problems: previewProblems } = await buildPreview(
        drop,
        {
          batchId,
          registryUri: registryUri ?? '',
          derivedFrom: options.derivedFrom,
          template: templateMetadata(options),
        },
        { registryUri },
      );
      const problems = [...prepared.problems, ...previewProblems];
      const annotations = drop.files.flatMap((f) => f.annotations);
      return {
        batchId,
        files: {
          total: drop.files.length + drop.recordFiles.length + drop.annotationFiles.length,
          bytes: prepared.entries.reduce((s, e) => s + e.size, 0),
          images: drop.files.filter((f) => f.kind === 'image').length,
          annotationFiles: drop.annotationFiles.length,
          recordFiles: drop.recordFiles.length,
          other: drop.files.filter((f) => f.kind === 'file').length,
          ignored: drop.ignored.length,
        },
        formats: drop.formats,
        expected: {
          images: drop.files.filter((f) => f.kind === 'image').length,
          files: drop.files.filter((f) => f.kind === 'file').length,
          classifications: annotations.reduce((s, a) => s + new Set(a.objects.map((o) => o.label)).size, 0),
          bboxes: annotations.reduce((s, a) => s + a.objects.filter((o) => o.box).length, 0),
        },
        alreadyInBatch: already,
        registryUri,
        preview,
        problems: problems.slice(0, LISTED_PROBLEMS).map((p) => ({
          item: p.item,
          error: { code: 'INVALID_INPUT' as const, message: p.message, details: {} },
        })),
        problemCount: problems.length,
        query: batchQuery(batchId),
      };
    });
  }

  async start(
    options: IngestOptions,
    caller: IngestCaller,
    job: StartOptions = {},
  ): Promise<CallOutput<'ingest.start'>> {
    const lease = await this.connections.acquire();
    let prepared: PreparedIngest;
    try {
      prepared = await prepareIngest(lease.datalake, options, this.resolver(caller));
      if (this.running.has(prepared.batchId)) {
        throw new InvalidInputError('This drop is being ingested already: wait for that job, or cancel it', {
          batchId: prepared.batchId,
        });
      }
    } catch (err) {
      lease.release();
      throw err;
    }
    const { batchId, registryUri } = prepared;
    this.running.add(batchId);
    const uploadIds = options.sources.flatMap((s) => (s.kind === 'upload' ? [s.uploadId] : []));
    if (registryUri && registryUri !== lease.connection.registryUri) {
      void this.remember(lease.connection.id, registryUri).catch(() => {});
    }
    const jobId = this.jobs.start(
      INGEST_JOB_KIND,
      (signal, progress) =>
        runIngest({
          dl: lease.datalake,
          drop: prepared.drop,
          planProblems: prepared.problems,
          options,
          batchId,
          registryUri,
          concurrency: ingestConcurrency(registryUri),
          signal: AbortSignal.any([signal, lease.retired]),
          progress,
        }).finally(async () => {
          this.running.delete(batchId);
          lease.release();
          // The uploads were this drop's copies of the files; a re-run sends them again.
          await Promise.all(uploadIds.map((id) => this.uploads.remove(id)));
        }),
      { session: caller.session, ...job },
    );
    return { jobId, batchId };
  }

  /** The connection's registry first, then registries used before with this connection. */
  async registries(): Promise<CallOutput<'ingest.registries'>> {
    const lease = await this.connections.acquire();
    try {
      const own = lease.connection.registryUri;
      const recent = ((await this.recent.readAll())[lease.connection.id] ?? []).filter((u) => u !== own);
      return {
        registries: [
          ...(own ? [{ uri: own, origin: 'connection' as const }] : []),
          ...recent.map((uri) => ({ uri, origin: 'recent' as const })),
        ],
      };
    } finally {
      lease.release();
    }
  }

  /** A typed registry URI: it must parse, and be writable (a folder) or reachable (a bucket). */
  async checkRegistry(uri: string): Promise<CallOutput<'ingest.checkRegistry'>> {
    return this.connections.withDatalake(async (dl) => {
      try {
        return await probeRegistry(dl, uri.trim());
      } catch (err) {
        return { ok: false, message: toErrorPayload(err).message };
      }
    });
  }

  /** Deletes uploads that will not be ingested (a dialog closed without starting). */
  async discard(uploadIds: string[], session: ClientSession): Promise<CallOutput<'ingest.discard'>> {
    let removed = 0;
    for (const id of uploadIds) {
      try {
        this.uploads.get(session, id);
      } catch {
        continue; // another session's, or gone already
      }
      await this.uploads.remove(id);
      removed++;
    }
    return { removed };
  }

  private resolver(caller: IngestCaller): ResolveContext {
    return {
      host: caller.host,
      upload: (uploadId) => this.uploads.get(caller.session, uploadId),
      signal: caller.session.signal,
    };
  }

  private remember(connectionId: string, uri: string): Promise<void> {
    return this.recent.update((all) => {
      all[connectionId] = [uri, ...(all[connectionId] ?? []).filter((u) => u !== uri)].slice(
        0,
        RECENT_REGISTRIES,
      );
    });
  }
}

async function probeRegistry(dl: Datalake, uri: string): Promise<{ ok: boolean; message: string }> {
  const registry = dl.registry(uri); // parses: a malformed URI throws a RegistryError naming it
  const isFile = !/^(s3|gs):\/\//i.test(uri);
  if (!isFile) {
    await registry.has(randomUUID());
    return { ok: true, message: `${uri} answers` };
  }
  const root = uri.startsWith('file://') ? fileURLToPath(uri) : resolve(uri);
  // The folder may not exist yet (it is created on the first write): its nearest existing parent must be writable.
  let dir = root;
  for (;;) {
    try {
      const info = await stat(dir);
      if (!info.isDirectory()) return { ok: false, message: `${dir} is a file, not a folder` };
      break;
    } catch {
      const up = dirname(dir);
      if (up === dir || !isAbsolute(up)) return { ok: false, message: `No folder above ${root} exists` };
      dir = up;
    }
  }
  try {
    await access(dir, constants.W_OK);
  } catch {
    return { ok: false, message: `${dir} is not writable` };
  }
  return {
    ok: true,
    message: dir === root ? `${root} is a writable folder` : `${root} will be created in ${dir}`,
  };
}
