/**
 * Registries hold large payloads outside the store, in the Python library's layout (spec §4).
 * `Registry` is the layout-aware object API the engine uses; `ObjectBackend` is the small per-scheme
 * storage interface (file, s3, gs) underneath it, so adding a scheme means adding one backend.
 */
import type { Readable } from 'node:stream';
import type { ObjectDescription, Verification } from './describe';
import type { GenerationSetting } from './generations';

/** What `addDatum` can put in a registry. */
export type PayloadInput =
  /** A JSON value: object/array → data.json (dict/list), string/number/boolean → data.json (scalar). */
  | { kind: 'json'; value: unknown }
  /** Raw bytes → data.txt (builtins.bytes). */
  | { kind: 'bytes'; bytes: Uint8Array }
  /** A file on disk, streamed: an image (by magic bytes) → image_file.<FORMAT>, anything else → data.txt. */
  | { kind: 'file'; path: string }
  /** A stream of bytes (e.g. an upload), treated like a file; `name` helps detect images. */
  | { kind: 'stream'; stream: Readable; name?: string };

/** An image payload as loaded from a registry. */
export interface RegistryImage {
  kind: 'image';
  format: string; // PNG, JPEG, ...
  bytes: Buffer;
}

/** A numpy array payload (read only). */
export interface RegistryNdArray {
  kind: 'ndarray';
  dtype: string;
  shape: number[];
  fortranOrder: boolean;
  bytes: Buffer;
}

/** A payload the app cannot decode (pickles, unknown materializers): its files can still be listed and saved. */
export interface UndecodablePayload {
  kind: 'undecodable';
  className: string;
  materializer: string;
  files: string[];
}

/** JSON values come back as themselves, bytes as a Buffer. */
export type LoadedPayload = unknown;

/** The content of a `_meta_<key>@<version>.yaml` commit file. */
export interface RegistryObjectInfo {
  key: string;
  version: string; // '1.0.0', or '1' for objects written by older Python releases
  className: string;
  materializer: string;
  files: string[];
  hash: string | null;
  metadata: Record<string, unknown>;
  path: string;
}

export interface Registry {
  readonly uri: string;
  /** Writes payload files, then the YAML commit file. On failure nothing of the object remains. */
  save(key: string, payload: PayloadInput, metadata: Record<string, unknown>): Promise<RegistryObjectInfo>;
  /** Loads and decodes the payload; verifies the hash when the YAML has one (mismatch → RegistryError). */
  load(key: string): Promise<LoadedPayload>;
  /** Reads the commit file only. RegistryError when the object does not exist. */
  info(key: string): Promise<RegistryObjectInfo>;
  /** The object's files, sizes, kind and header facts, without loading it (RegistryError when missing). */
  describe(key: string): Promise<ObjectDescription>;
  /** Streams every file through the object hash and compares it with the commit file's. */
  verify(key: string): Promise<Verification>;
  /** Streams one raw payload file (a name from `info().files`); `known` saves reading the commit file again. */
  openFile(key: string, file: string, known?: RegistryObjectInfo): Promise<Readable>;
  /** True when the commit file exists. */
  has(key: string): Promise<boolean>;
  /** Removes the object's files and commit file; missing parts are ignored. */
  delete(key: string): Promise<void>;
  /**
   * Several objects at once, in the same crash-safe order as `save` (every payload durable before any
   * commit file, every commit file durable before this returns) with flushes shared by the group. On
   * failure none of the objects remains.
   */
  saveMany?(items: SaveItem[]): Promise<RegistryObjectInfo[]>;
}

export interface SaveItem {
  key: string;
  payload: PayloadInput;
  metadata: Record<string, unknown>;
}

/** Per-scheme storage under the registry root. Paths are relative, '/'-separated, already checked. */
export interface ObjectBackend {
  /** Writes one object so that readers never see a partial one (temp + rename, or a single upload). */
  write(relPath: string, body: Buffer | Readable): Promise<void>;
  read(relPath: string): Promise<Buffer>;
  readStream(relPath: string): Promise<Readable>;
  exists(relPath: string): Promise<boolean>;
  /** The size of one object in bytes (a not-found RegistryError when it is missing). */
  size(relPath: string): Promise<number>;
  /** Every object path under a prefix, relative to the root, sorted. */
  list(prefix: string): Promise<string[]>;
  remove(relPaths: string[]): Promise<void>;
  /** How the object is named outside: an absolute local path, or `s3://bucket/prefix/rel`. */
  locate(relPath: string): string;
  /** Releases connections (optional). */
  close?(): void;
  /**
   * Many objects written together with shared flushes (optional; the local folder has it). Payload files
   * are written and put in place, commit files staged; `publish` makes the payloads durable, then gives
   * the commit files their names and makes those durable.
   */
  writeGroup?(): BackendWriteGroup;
}

/** See `ObjectBackend.writeGroup`. */
export interface BackendWriteGroup {
  putPayload(relPath: string, body: Buffer | Readable): Promise<void>;
  putCommit(relPath: string, body: Buffer): Promise<void>;
  publish(): Promise<void>;
  /** Removes staged commit files after a failure (the objects' files are removed by the caller). */
  discard(): Promise<void>;
}

/** Per-URI settings for S3-compatible and GCS registries (credentials otherwise come from the SDK chains). */
export interface RegistryOptions {
  /**
   * The layout generation a new registry is written in (per URI, per scheme, or for all; default
   * DEFAULT_REGISTRY_GENERATION, mindtrace-registry 0.12+). A registry that already holds objects or a
   * Python `registry_metadata.json` keeps its own generation whatever this says.
   */
  generation?: GenerationSetting;
  s3?: {
    endpoint?: string;
    region?: string;
    forcePathStyle?: boolean;
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    /** Payloads larger than this go up as multipart uploads (default 8 MiB). */
    multipartThreshold?: number;
  };
  gcs?: {
    apiEndpoint?: string;
    projectId?: string;
    keyFilename?: string;
  };
}
