/** What an exported query needs to know: the query list, its options, and where it runs (no secrets). */
import type { QueryObject } from '../query/types';

export interface ExportTarget {
  /** The connection's name, for comments. */
  name: string;
  kind: 'embedded' | 'mongodb';
  /** A MongoDB URI with `***` in place of a password (as connections show it). */
  uriRedacted?: string;
  dbName?: string;
  /** The embedded datalake's folder. */
  path?: string;
  timestamps: 'utc' | 'local-as-utc';
}

export interface ExportableQuery {
  /** The query list of datalake.md §3, with Extended JSON values. */
  query: QueryObject[];
  datumsWanted?: number | null;
  transpose?: boolean;
}

/** The environment variable the generated code reads the MongoDB password from. */
export const PASSWORD_ENV = 'DATALAKE_MONGODB_PASSWORD';
export const PASSWORD_PLACEHOLDER = '***';
