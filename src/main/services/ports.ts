/**
 * What each service borrows from the active connection: the few Datalake methods it uses, not the whole
 * engine or the connections service. ConnectionsService provides them all; tests can hand in small fakes.
 */
import type { Connection } from '#shared/contract';
import type { Datalake } from '../engine';

/** A borrowed view of the active datalake; `release()` lets a switched-away datalake close. */
export interface LakeLease<D> {
  datalake: D;
  connection: Connection;
  release(): void;
}

export interface LakeSource<D> {
  acquire(): Promise<LakeLease<D>>;
  withDatalake<T>(fn: (datalake: D, connection: Connection) => Promise<T>): Promise<T>;
}

/** The overview reads counts and samples, and notices writes through `revision`. */
export type OverviewLake = Pick<Datalake, 'estimatedCount' | 'count' | 'countBy' | 'sample' | 'revision'>;

/** The sample loader checks emptiness, writes, and rolls back what it wrote. */
export type SampleLake = Pick<Datalake, 'count' | 'addData' | 'deleteData'>;
