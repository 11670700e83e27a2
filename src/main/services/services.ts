/**
 * The application services, built once per host (Electron main or the web host) and shared by every call.
 * Electron-free: the host injects its secret store and opens one client session per window or socket.
 */
import { mkdir } from 'node:fs/promises';
import { ConnectionsService } from './connections-service';
import { CursorTable } from './cursors';
import { DatumsService } from './datums-service';
import { ExportService } from './export/export-service';
import { IngestService } from './ingest/ingest-service';
import { JobRunner } from './jobs';
import { OverviewService } from './overview-service';
import { PayloadService } from './payload-service';
import { QueryLibrary } from './query-library/library-service';
import { QueryService } from './query-service';
import { SampleDatasetService } from './sample-dataset';
import type { SecretStore } from './secret-store';
import { SessionHub } from './sessions';
import { UploadStore } from './uploads';

export interface AppInfo {
  name: string;
  version: string;
  versions: { node: string; electron?: string; chrome?: string };
  host: 'electron' | 'web';
}

/** File dialogs of a desktop host (the web host has none). */
export interface HostDialogs {
  chooseSavePath(options: {
    title?: string;
    defaultName: string;
    filters?: Array<{ name: string; extensions: string[] }>;
  }): Promise<string | null>;
  chooseFolder(options: { title?: string }): Promise<string | null>;
}

export interface ServicesOptions {
  dataDir: string;
  secrets: SecretStore;
  app: AppInfo;
  /** Gap between two progress events of one job (ms). */
  progressIntervalMs?: number;
  /** How long opening a MongoDB connection may wait (ms). */
  openTimeoutMs?: number;
  /** How long an unused cursor stays open (ms). */
  cursorIdleMs?: number;
  /** Largest upload accepted, in bytes. */
  maxUploadBytes?: number;
  /** Largest payload file the payload route serves, in bytes. */
  maxPayloadBytes?: number;
  /** The host's file dialogs (Electron); absent on the web host. */
  dialogs?: HostDialogs;
}

export interface Services {
  readonly dataDir: string;
  readonly app: AppInfo;
  readonly secrets: SecretStore;
  /** Client sessions (one per window or socket) and broadcasts to all of them. */
  readonly sessions: SessionHub;
  readonly cursors: CursorTable;
  readonly query: QueryService;
  /** Query history per connection and saved queries. */
  readonly library: QueryLibrary;
  readonly datums: DatumsService;
  /** Payload bytes for the payload route (web host) and protocol (Electron). */
  readonly payloads: PayloadService;
  /** Files a browser client streamed in (drag and drop), per session. */
  readonly uploads: UploadStore;
  readonly exports: ExportService;
  readonly dialogs: HostDialogs | undefined;
  readonly connections: ConnectionsService;
  readonly overview: OverviewService;
  readonly jobs: JobRunner;
  readonly sample: SampleDatasetService;
  /** Drag-and-drop ingestion: plans, jobs, target registries. */
  readonly ingest: IngestService;
  /** Cancels running jobs and closes the open datalake. */
  close(): Promise<void>;
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  await mkdir(options.dataDir, { recursive: true });
  const sessions = new SessionHub();
  const jobs = new JobRunner({ progressIntervalMs: options.progressIntervalMs });
  const cursors = new CursorTable({ idleMs: options.cursorIdleMs });
  const connections = new ConnectionsService({
    dataDir: options.dataDir,
    secrets: options.secrets,
    emit: sessions.broadcast,
    openTimeoutMs: options.openTimeoutMs,
  });
  await connections.init();
  const overview = new OverviewService(connections, {
    // Counts are shared by every client of the connection, so their progress goes to all of them.
    emit: sessions.broadcast,
    progressIntervalMs: options.progressIntervalMs,
  });
  const sample = new SampleDatasetService(connections, jobs);
  const library = new QueryLibrary(options.dataDir, () => connections.activeConnection().id);
  const query = new QueryService(connections, cursors, library);
  const uploads = new UploadStore(options.maxUploadBytes);
  const datums = new DatumsService(connections);
  const payloads = new PayloadService(connections, { maxBytes: options.maxPayloadBytes });
  const ingest = new IngestService(connections, jobs, uploads, options.dataDir);
  const exports = new ExportService(connections, jobs, options.app);
  return {
    dataDir: options.dataDir,
    app: options.app,
    secrets: options.secrets,
    sessions,
    cursors,
    query,
    library,
    datums,
    payloads,
    uploads,
    exports,
    dialogs: options.dialogs,
    connections,
    overview,
    jobs,
    sample,
    ingest,
    async close() {
      await sessions.closeAll();
      await cursors.closeAll();
      await jobs.close();
      await connections.close();
      await uploads.close();
      // Runs that just ended are still being written to the history file.
      await library.close();
    },
  };
}
