/**
 * The Python library's registry layout (version 1.0.0) on top of any ObjectBackend:
 *
 *   registry_metadata.json
 *   _meta_<key>@1.0.0.yaml      the commit point, written last and removed first
 *   <key>/1.0.0/<files>
 *
 * Objects written by older Python releases at version `1` are read too, and objects of both registry
 * generations (generations.ts); new objects are written in the generation the registry already holds.
 */
import { pipeline, type Readable } from 'node:stream';
import { RegistryError } from '#shared/errors';
import { asRegistryError, isNotFound } from './backend-errors';
import { parseCommitFile, stringifyCommitFile } from './commit-file';
import { describeObject, type ObjectDescription, type Verification, verifyObject } from './describe';
import {
  GENERATION_LAYOUTS,
  generationOfMaterializer,
  generationOfRegistryMetadata,
  type RegistryGeneration,
} from './generations';
import { EitherHasher, ObjectHasher } from './hash';
import {
  assertSafeRelPath,
  assertValidKey,
  comparePaths,
  metaFileName,
  objectPrefix,
  READ_VERSIONS,
  REGISTRY_METADATA_FILE,
  sortPaths,
  WRITE_VERSION,
} from './keys';
import {
  type CommitFieldsOf,
  commitFileBytes,
  hashed,
  releaseInput,
  toPlainMetadata,
  verifyingStream,
} from './layout-helpers';
import { mapBounded } from './map-bounded';
import {
  assertStorablePayload,
  decodePayload,
  encodePayload,
  filesToDecode,
  undecodable,
} from './materializers';
import type { ObjectBackend, PayloadInput, Registry, RegistryObjectInfo, SaveItem } from './registry';

/** Exactly what the Python library writes for a new registry (`json.dump`, default separators). */
export const REGISTRY_METADATA_JSON =
  '{"materializers": {}, "version_objects": false, "mutable": false, "version_digits": 3}';

/** How a registry's write generation was decided. */
export interface GenerationChoice {
  generation: RegistryGeneration;
  /** `registry_metadata.json` or a commit file showed it, or (a new registry) the setting chose it. */
  source: 'registry-metadata' | 'commit-file' | 'setting';
}

/** Objects of one `saveMany` prepared and written at once (each is a few file-system calls in the libuv pool). */
const SAVE_PARALLEL = 8;

/** Commit files read at most to find the generation of a registry whose metadata does not show it. */
const COMMIT_FILES_PROBED = 5;

export class LayoutRegistry implements Registry {
  private registryMetadataWritten = false;
  private choice: Promise<GenerationChoice> | null = null;

  /** `newGeneration`: what a registry that holds no sign of its generation yet is written in. */
  constructor(
    readonly uri: string,
    private readonly backend: ObjectBackend,
    readonly newGeneration: RegistryGeneration,
  ) {}

  /**
   * The generation this registry writes: the one `registry_metadata.json` shows (Python records its
   * materializers there), else the one its commit files show, else (a new registry) the setting. Decided
   * once per instance; a failed look-up is retried next time.
   */
  generation(): Promise<GenerationChoice> {
    this.choice ??= this.detectGeneration().catch((err) => {
      this.choice = null;
      throw asRegistryError(err, `Could not read the layout of registry ${this.uri}`, { uri: this.uri });
    });
    return this.choice;
  }

  private async detectGeneration(): Promise<GenerationChoice> {
    try {
      const text = (await this.backend.read(REGISTRY_METADATA_FILE)).toString('utf8');
      const generation = generationOfRegistryMetadata(text);
      if (generation) return { generation, source: 'registry-metadata' };
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const commitFiles = (await this.backend.list('_meta_')).filter((p) => !p.includes('/'));
    for (const metaPath of commitFiles.slice(-COMMIT_FILES_PROBED)) {
      try {
        const parsed = parseCommitFile((await this.backend.read(metaPath)).toString('utf8'), metaPath);
        const generation = generationOfMaterializer(parsed.materializer);
        if (generation) return { generation, source: 'commit-file' };
      } catch (err) {
        if (!isNotFound(err) && !(err instanceof RegistryError)) throw err; // a corrupt one proves nothing
      }
    }
    return { generation: this.newGeneration, source: 'setting' };
  }

  async save(
    key: string,
    payload: PayloadInput,
    metadata: Record<string, unknown>,
  ): Promise<RegistryObjectInfo> {
    assertValidKey(key);
    const metaPath = metaFileName(key, WRITE_VERSION);
    const prefix = objectPrefix(key, WRITE_VERSION);
    let started = false;
    let committing = false;
    let encoded: Awaited<ReturnType<typeof encodePayload>> | null = null;
    try {
      if (await this.has(key)) {
        throw new RegistryError(`Registry object ${key} already exists in ${this.uri}`, { key });
      }
      const commitFields = this.checkSave(prefix, payload, metadata);
      const { generation } = await this.generation();
      await this.ensureRegistryMetadata();
      encoded = await encodePayload(payload, generation);
      started = true;
      await this.removeLeftovers(prefix);
      const hasher = new ObjectHasher(GENERATION_LAYOUTS[generation].hash);
      const files = [...encoded.files].sort((a, b) => comparePaths(a.name, b.name));
      for (const file of files) {
        hasher.beginFile(file.name);
        await this.backend.write(prefix + file.name, hashed(hasher, file.body));
      }
      const info = this.objectInfo(key, prefix, encoded, files, hasher.digest(), metadata);
      committing = true;
      await this.backend.write(metaPath, commitFileBytes(commitFields, info));
      return info;
    } catch (err) {
      // Release whatever input was not consumed (an open file, the caller's stream).
      releaseInput(payload, encoded);
      if (started) await this.removeQuietly(committing ? [metaPath] : [], prefix);
      throw asRegistryError(err, `Could not save ${key} to registry ${this.uri}`, { key, uri: this.uri });
    }
  }

  /**
   * Several objects with the backend's write group (flushes shared by the group, the order of `save`
   * kept: see file-write-group.ts); a backend without one saves them one by one.
   */
  async saveMany(items: SaveItem[]): Promise<RegistryObjectInfo[]> {
    const group = items.length > 1 ? this.backend.writeGroup?.() : undefined;
    if (!group) return this.saveEach(items);
    const work = items.map((item) => {
      assertValidKey(item.key);
      return {
        ...item,
        metaPath: metaFileName(item.key, WRITE_VERSION),
        prefix: objectPrefix(item.key, WRITE_VERSION),
        encoded: null as Awaited<ReturnType<typeof encodePayload>> | null,
      };
    });
    let started = false;
    try {
      if (new Set(items.map((i) => i.key)).size !== items.length) {
        throw new RegistryError(`The same key appears twice in one write to ${this.uri}`);
      }
      const fields = work.map((w) => this.checkSave(w.prefix, w.payload, w.metadata));
      const there = await mapBounded(work, SAVE_PARALLEL, (w) => this.has(w.key));
      const taken = work.find((_, i) => there[i]);
      if (taken) {
        throw new RegistryError(`Registry object ${taken.key} already exists in ${this.uri}`, {
          key: taken.key,
        });
      }
      const { generation } = await this.generation();
      await this.ensureRegistryMetadata();
      started = true;
      const infos = await mapBounded(work, SAVE_PARALLEL, async (w, i) => {
        w.encoded = await encodePayload(w.payload, generation);
        await this.removeLeftovers(w.prefix);
        const hasher = new ObjectHasher(GENERATION_LAYOUTS[generation].hash);
        const files = [...w.encoded.files].sort((a, b) => comparePaths(a.name, b.name));
        for (const file of files) {
          hasher.beginFile(file.name);
          await group.putPayload(w.prefix + file.name, hashed(hasher, file.body));
        }
        const info = this.objectInfo(w.key, w.prefix, w.encoded, files, hasher.digest(), w.metadata);
        await group.putCommit(w.metaPath, commitFileBytes(fields[i], info));
        return info;
      });
      await group.publish();
      return infos;
    } catch (err) {
      for (const w of work) releaseInput(w.payload, w.encoded);
      await group.discard();
      // The commit files go first: a half-removed object is never seen as committed.
      if (started) await mapBounded(work, SAVE_PARALLEL, (w) => this.removeQuietly([w.metaPath], w.prefix));
      throw asRegistryError(err, `Could not save ${items.length} objects to registry ${this.uri}`, {
        keys: items.map((i) => i.key),
        uri: this.uri,
      });
    }
  }

  /** One by one; after a failure the objects saved before it are deleted again. */
  private async saveEach(items: SaveItem[]): Promise<RegistryObjectInfo[]> {
    const infos: RegistryObjectInfo[] = [];
    try {
      for (const item of items) infos.push(await this.save(item.key, item.payload, item.metadata));
    } catch (err) {
      for (const item of items.slice(infos.length + 1)) releaseInput(item.payload, null);
      await Promise.all(infos.map((info) => this.delete(info.key).catch(() => {})));
      throw err;
    }
    return infos;
  }

  /**
   * What can fail before a byte is written: metadata that cannot go into YAML (better now than after a
   * 2 GB upload), a JSON payload that cannot be stored. Returns the commit file's fields.
   */
  private checkSave(
    prefix: string,
    payload: PayloadInput,
    metadata: Record<string, unknown>,
  ): CommitFieldsOf {
    const plainMetadata = toPlainMetadata(metadata);
    const fields: CommitFieldsOf = (files, hash, className, materializer) => ({
      _files: files,
      class: className,
      hash,
      init_params: {},
      materializer,
      metadata: plainMetadata,
      path: this.backend.locate(prefix.slice(0, -1)),
    });
    stringifyCommitFile(fields([], '', '', ''));
    if (payload.kind === 'json') assertStorablePayload(payload.value);
    return fields;
  }

  /** Files left by a crashed earlier attempt would end up in a Python reader's hash. */
  private async removeLeftovers(prefix: string): Promise<void> {
    const leftovers = await this.backend.list(prefix);
    if (leftovers.length > 0) await this.backend.remove(leftovers);
  }

  private objectInfo(
    key: string,
    prefix: string,
    encoded: Awaited<ReturnType<typeof encodePayload>>,
    files: Array<{ name: string }>,
    hash: string,
    metadata: Record<string, unknown>,
  ): RegistryObjectInfo {
    return {
      key,
      version: WRITE_VERSION,
      className: encoded.className,
      materializer: encoded.materializer,
      files: files.map((f) => f.name),
      hash,
      metadata,
      path: this.backend.locate(prefix.slice(0, -1)),
    };
  }

  async info(key: string): Promise<RegistryObjectInfo> {
    assertValidKey(key);
    for (const version of READ_VERSIONS) {
      const metaPath = metaFileName(key, version);
      let text: string;
      try {
        text = (await this.backend.read(metaPath)).toString('utf8');
      } catch (err) {
        if (isNotFound(err)) continue;
        throw asRegistryError(err, `Could not read ${metaPath} in registry ${this.uri}`, {
          key,
          uri: this.uri,
        });
      }
      const parsed = parseCommitFile(text, this.backend.locate(metaPath));
      const prefix = objectPrefix(key, version);
      const files = parsed.files
        ? sortPaths(parsed.files)
        : (await this.backend.list(prefix)).map((p) => p.slice(prefix.length));
      for (const file of files) assertSafeRelPath(file);
      return {
        key,
        version,
        className: parsed.className,
        materializer: parsed.materializer,
        files,
        hash: parsed.hash,
        metadata: parsed.metadata,
        path: parsed.path ?? this.backend.locate(prefix.slice(0, -1)),
      };
    }
    throw new RegistryError(`Registry object ${key} does not exist in ${this.uri}`, { key, uri: this.uri });
  }

  async load(key: string): Promise<unknown> {
    const info = await this.info(key);
    // Pickles and unknown materializers are never read: their files may be huge and cannot be shown anyway.
    if (!filesToDecode(info)) return undecodable(info);
    const prefix = objectPrefix(key, info.version);
    const contents = new Map<string, Buffer>();
    for (const file of info.files) {
      try {
        contents.set(file, await this.backend.read(prefix + file));
      } catch (err) {
        throw asRegistryError(err, `Could not read ${file} of ${key} in registry ${this.uri}`, { key });
      }
    }
    if (info.hash) {
      // Either generation's framing may have written it: the hash itself tells which.
      const hasher = new EitherHasher();
      for (const file of [...info.files].sort(comparePaths)) {
        hasher.beginFile(file);
        hasher.update(contents.get(file)!);
      }
      const { framing, plain, framed } = hasher.match(info.hash);
      if (!framing) {
        throw new RegistryError(
          `Hash mismatch for registry object ${key} in ${this.uri}: expected ${info.hash}, found ${plain} (plain) / ${framed} (framed)`,
          { key, uri: this.uri, expected: info.hash, actual: { plain, framed } },
        );
      }
    }
    return decodePayload(info, contents);
  }

  async describe(key: string): Promise<ObjectDescription> {
    const info = await this.info(key);
    try {
      return await describeObject(this.backend, info);
    } catch (err) {
      throw asRegistryError(err, `Could not read registry object ${key} in ${this.uri}`, {
        key,
        uri: this.uri,
      });
    }
  }

  async verify(key: string): Promise<Verification> {
    const info = await this.info(key);
    try {
      return await verifyObject(this.backend, info);
    } catch (err) {
      throw asRegistryError(err, `Could not read registry object ${key} in ${this.uri}`, {
        key,
        uri: this.uri,
      });
    }
  }

  async openFile(key: string, file: string, known?: RegistryObjectInfo): Promise<Readable> {
    assertSafeRelPath(file);
    const info = known?.key === key ? known : await this.info(key);
    if (!info.files.includes(file)) {
      throw new RegistryError(`${file} is not a file of registry object ${key} in ${this.uri}`, {
        key,
        file,
      });
    }
    const stream = await this.backend.readStream(objectPrefix(key, info.version) + file);
    // A one-file object's hash covers just this file, so the stream can check it as it goes.
    if (!info.hash || info.files.length !== 1) return stream;
    const verifier = verifyingStream(key, file, info.hash);
    pipeline(stream, verifier, () => {}); // a read error destroys `verifier` with that error
    return verifier;
  }

  async has(key: string): Promise<boolean> {
    assertValidKey(key);
    for (const version of READ_VERSIONS) {
      if (await this.backend.exists(metaFileName(key, version))) return true;
    }
    return false;
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    try {
      for (const version of READ_VERSIONS) {
        // The commit file goes first, so a half-deleted object is never seen as committed.
        await this.backend.remove([metaFileName(key, version)]);
        const files = await this.backend.list(objectPrefix(key, version));
        if (files.length > 0) await this.backend.remove(files);
      }
    } catch (err) {
      throw asRegistryError(err, `Could not delete ${key} from registry ${this.uri}`, { key, uri: this.uri });
    }
  }

  /** Releases the backend's connections; the registry must not be used afterwards. */
  close(): void {
    this.backend.close?.();
  }

  private async ensureRegistryMetadata(): Promise<void> {
    if (this.registryMetadataWritten) return;
    if (!(await this.backend.exists(REGISTRY_METADATA_FILE))) {
      await this.backend.write(REGISTRY_METADATA_FILE, Buffer.from(REGISTRY_METADATA_JSON, 'utf8'));
    }
    this.registryMetadataWritten = true;
  }

  private async removeQuietly(first: string[], prefix: string): Promise<void> {
    try {
      if (first.length > 0) await this.backend.remove(first);
      const files = await this.backend.list(prefix);
      if (files.length > 0) await this.backend.remove(files);
    } catch {
      // The original error matters more; an orphan without a commit file is invisible to readers.
    }
  }
}
