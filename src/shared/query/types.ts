/** The query language of the datalake (spec §3), shared by the engine and the renderer. */

export const STRATEGIES = ['latest', 'earliest', 'random', 'quickest', 'missing'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Keys that are not filter keys in a query object. */
export const RESERVED_KEYS = ['column', 'strategy', 'derived_from'] as const;

/** One query object as a user writes it: reserved keys plus MongoDB filter keys (Extended JSON values). */
export type QueryObject = { column?: unknown; strategy?: unknown; derived_from?: unknown } & Record<
  string,
  unknown
>;

export type QueryInput = QueryObject | QueryObject[];

export interface QueryOptions {
  /** Return at most this many complete rows. */
  datumsWanted?: number;
  /** Return `{column: [ids]}` instead of a list of rows. */
  transpose?: boolean;
}

/** A validated stage: the filter holds only filter keys, still in Extended JSON form. */
export interface Stage {
  column: string;
  strategy: Strategy;
  /** The column this stage derives from; null for the base stage. */
  derivedFrom: string | null;
  filter: Record<string, unknown>;
}

export type Row = Record<string, string>;
export type TransposedResult = Record<string, string[]>;
