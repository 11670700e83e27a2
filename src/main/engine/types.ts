import type { ObjectId } from 'bson';

/** A datum as the engine returns it: ids as 24-hex strings, registry payloads loaded into `data`. */
export interface Datum {
  id: string;
  data: unknown;
  registryUri: string | null;
  registryKey: string | null;
  derivedFrom: string | null;
  metadata: Record<string, unknown>;
  addedAt: Date;
}

/** A datum as a store holds it: exactly the fields of spec §1, in that order. */
export interface DatumDocument {
  _id: ObjectId;
  data: unknown;
  registry_uri: string | null;
  registry_key: string | null;
  derived_from: ObjectId | null;
  metadata: Record<string, unknown>;
  added_at: Date;
}

/**
 * The fields the query executor needs, as plain values: ids as 24-hex strings and `added_at` in epoch
 * milliseconds. Queries touch hundreds of thousands of keys; plain strings key maps directly.
 */
export interface DatumKeys {
  id: string;
  parent: string | null;
  addedAt: number;
}
