/**
 * The application services, built once per host (Electron main or the web host) and shared by every call.
 * Electron-free: the host injects its secret store and listens to pushed events through `events`.
 */
import { mkdir } from 'node:fs/promises';
import { ConnectionsService } from './connections-service';
import { EventHub } from './event-hub';
import { JobRunner } from './jobs';
import { OverviewService } from './overview-service';
import { SampleDatasetService } from './sample-dataset';
import type { SecretStore } from './secret-store';

export interface AppInfo {
  name: string;
  version: string;
  versions: { node: string; electron?: string; chrome?: string };
  host: 'electron' | 'web';
}

export interface ServicesOptions {
  dataDir: string;
  secrets: SecretStore;
  app: AppInfo;
  /** Gap between two progress events of one job (ms). */
  progressIntervalMs?: number;
  /** How long opening a MongoDB connection may wait (ms). */
  openTimeoutMs?: number;
}

export interface Services {
  readonly dataDir: string;
  readonly app: AppInfo;
  readonly secrets: SecretStore;
  readonly events: EventHub;
  readonly connections: ConnectionsService;
  readonly overview: OverviewService;
  readonly jobs: JobRunner;
  readonly sample: SampleDatasetService;
  /** Cancels running jobs and closes the open datalake. */
  close(): Promise<void>;
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  await mkdir(options.dataDir, { recursive: true });
  const events = new EventHub();
  const jobs = new JobRunner({ emit: events.emit, progressIntervalMs: options.progressIntervalMs });
  const connections = new ConnectionsService({
    dataDir: options.dataDir,
    secrets: options.secrets,
    emit: events.emit,
    openTimeoutMs: options.openTimeoutMs,
  });
  await connections.init();
  const overview = new OverviewService(connections, {
    emit: events.emit,
    progressIntervalMs: options.progressIntervalMs,
  });
  const sample = new SampleDatasetService(connections, jobs);
  return {
    dataDir: options.dataDir,
    app: options.app,
    secrets: options.secrets,
    events,
    connections,
    overview,
    jobs,
    sample,
    async close() {
      await jobs.close();
      await connections.close();
    },
  };
}
