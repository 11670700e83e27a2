/**
 * The small interface both stores implement (MongoDB and the embedded PGlite store).
 * Filters are MongoDB filter documents whose values are already BSON values (ObjectId, Date, ...),
 * validated by `validateFilter` before they get here.
 */
import type { ObjectId } from 'bson';
import type { DatumDocument, DatumKeys } from '../types';

export type Filter = Record<string, unknown>;

export interface FindSpec {
  /** MongoDB filter on the datum document; `{}` matches everything. */
  filter: Filter;
  /** Restrict to datums whose `derived_from` is one of these 24-hex ids (the indexed path of derived queries). */
  parentIn?: string[];
  /** Restrict to these ids. */
  idIn?: ObjectId[];
  /** `latest`: added_at descending then _id descending; `earliest`: both ascending; none: store order. */
  sort?: 'latest' | 'earliest';
  limit?: number;
  /** How many documents each yielded batch holds at most (the store may use it as its cursor batch size). */
  batchSize?: number;
  /** Lets later batches grow up to this size (a quick first batch, then few round trips). */
  maxBatchSize?: number;
  /** The caller will read every match: favour the total time over the first batch's latency. */
  readAll?: boolean;
}

export interface Group {
  value: unknown;
  count: number;
}

/** A group of one parent's children (see `countChildrenBy`). */
export interface ChildGroup extends Group {
  parent: string;
}

/** How far a long count has got: datums looked at so far, out of about `total` (null when unknown). */
export interface CountProgress {
  done: number;
  total: number | null;
}

export interface CountByOptions {
  signal?: AbortSignal;
  /** Called as the count advances (a store that cannot tell calls it at the start and at the end). */
  onProgress?: (progress: CountProgress) => void;
}

export type DeletedDatum = Pick<DatumDocument, '_id' | 'registry_uri' | 'registry_key'>;

export interface Store {
  readonly kind: 'mongodb' | 'embedded';
  /** Inserts one document exactly as given (field order kept). */
  insertOne(doc: DatumDocument): Promise<void>;
  /** Inserts many documents in as few round trips as the store allows. */
  insertMany(docs: DatumDocument[]): Promise<void>;
  /**
   * Deletes the datums with these ids (one round trip per batch the store allows) and answers the registry
   * pointers of those it deleted; ids it does not hold are left out of the answer.
   */
  deleteMany(ids: ObjectId[]): Promise<DeletedDatum[]>;
  /** Streams matching documents' keys (`_id`, `derived_from`, `added_at`) in batches. */
  findKeys(spec: FindSpec): AsyncIterable<DatumKeys[]>;
  /** Streams matching full documents in batches. */
  findDocuments(spec: FindSpec): AsyncIterable<DatumDocument[]>;
  /**
   * The children of these parents (24-hex ids) counted per parent and per value at a dotted path
   * (`data.type`), as `$group` on `{parent: "$derived_from", value: "$path"}` gives them, in one round trip;
   * missing values under null.
   */
  countChildrenBy(parentIds: string[], path: string): Promise<ChildGroup[]>;
  countDocuments(filter: Filter): Promise<number>;
  estimatedCount(): Promise<number>;
  /** Up to `size` random documents matching the filter (for schema sampling and random strategies). */
  sample(filter: Filter, size: number): Promise<DatumDocument[]>;
  /**
   * Counts grouped by the value at a dotted path (e.g. `data.type`), as MongoDB's `$group` on `"$path"`
   * gives them; missing values group under null. Biggest groups first.
   */
  countBy(path: string, filter: Filter, options?: CountByOptions): Promise<Group[]>;
  /**
   * Documents whose value at a dotted path (plain field names, no array offsets) may be one of `values`,
   * read through an index on that path which the store creates on first use (spec §1 allows extra
   * indexes). May return extra documents (a value inside an array, say); `Datalake.findByValues` keeps
   * only exact string matches.
   */
  findByValues(path: string, values: string[]): AsyncIterable<DatumDocument[]>;
  close(): Promise<void>;
}
