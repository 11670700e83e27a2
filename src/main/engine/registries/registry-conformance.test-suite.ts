/**
 * One behaviour suite for every registry backend: `describeRegistryConformance(name, makeRegistry)` runs the
 * same cases against a real folder, a real S3 server and a real GCS emulator. Behaviour that differs between
 * backends is a bug.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryError } from '#shared/errors';
import { stringifyCommitFile } from './commit-file';
import { REGISTRY_METADATA_JSON } from './layout';
import { MATERIALIZERS } from './materializers';
import type { ObjectBackend, Registry, RegistryImage, RegistryNdArray, UndecodablePayload } from './registry';
import { byteStream, jsonOfLength, makeNpy, makePng, sha256, sha256Of } from './test-fixtures';

export interface RegistryUnderTest {
  registry: Registry;
  /** The backend under the registry, to tamper with objects and to build old ones by hand. */
  backend: ObjectBackend;
  /** How big a streamed payload must be to go up in several parts (the multipart threshold). */
  multipartThreshold: number;
  dispose?: () => Promise<void>;
}

const key = () => randomUUID();

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function expectRegistryError(promise: Promise<unknown>, pattern: RegExp): Promise<RegistryError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegistryError);
  expect((err as Error).message).toMatch(pattern);
  return err as RegistryError;
}

/** A stream that yields `good` bytes and then fails, like a dropped upload. */
function failingStream(good: number): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(Buffer.alloc(good, 7));
      } else this.destroy(new Error('upload connection dropped'));
    },
  });
}

export function describeRegistryConformance(
  name: string,
  makeRegistry: () => Promise<RegistryUnderTest>,
): void {
  describe(`registry conformance: ${name}`, () => {
    let sut: RegistryUnderTest;
    let registry: Registry;
    let backend: ObjectBackend;
    let scratch: string;

    beforeAll(async () => {
      sut = await makeRegistry();
      registry = sut.registry;
      backend = sut.backend;
      scratch = await mkdtemp(path.join(tmpdir(), 'registry-payloads-'));
    });

    afterAll(async () => {
      await sut?.dispose?.();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    });

    for (const size of [1000, 5000, 10000]) {
      it(`round-trips a JSON object of ${size} characters`, async () => {
        const k = key();
        const value = jsonOfLength(size);
        expect(JSON.stringify(value)).toHaveLength(size);
        const info = await registry.save(k, { kind: 'json', value }, { project: 'P', size });
        expect(info).toMatchObject({
          key: k,
          version: '1.0.0',
          className: 'builtins.dict',
          materializer: MATERIALIZERS.container,
          files: ['data.json'],
        });
        expect(await registry.load(k)).toEqual(value);
        const read = await registry.info(k);
        expect(read).toEqual({ ...info, metadata: { project: 'P', size } });
        const bytes = await readAll(await registry.openFile(k, 'data.json'));
        expect(JSON.parse(bytes.toString('utf8'))).toEqual(value);
        expect(read.hash).toBe(sha256('data.json', bytes));
      });
    }

    it('round-trips a JSON list', async () => {
      const k = key();
      const value = [1, 'two', { three: [3.5, null, true] }];
      const info = await registry.save(k, { kind: 'json', value }, {});
      expect(info.className).toBe('builtins.list');
      expect(info.materializer).toBe(MATERIALIZERS.container);
      expect(await registry.load(k)).toEqual(value);
    });

    const scalars: Array<[unknown, string]> = [
      ['yes', 'builtins.str'],
      ['', 'builtins.str'],
      [42, 'builtins.int'],
      [-7, 'builtins.int'],
      [3.25, 'builtins.float'],
      [1e-7, 'builtins.float'],
      [true, 'builtins.bool'],
      [false, 'builtins.bool'],
      [2n ** 60n, 'builtins.int'],
    ];
    for (const [value, className] of scalars) {
      it(`round-trips the scalar ${typeof value === 'string' ? JSON.stringify(value) : String(value)} as ${className}`, async () => {
        const k = key();
        const info = await registry.save(k, { kind: 'json', value }, {});
        expect(info.className).toBe(className);
        expect(info.materializer).toBe(MATERIALIZERS.builtIn);
        expect(info.files).toEqual(['data.json']);
        expect(await registry.load(k)).toEqual(value);
      });
    }

    it('refuses a null payload before writing anything (Python has no materializer for None)', async () => {
      const before = await backend.list('');
      for (const value of [null, undefined]) {
        const k = key();
        await expectRegistryError(
          registry.save(k, { kind: 'json', value }, {}),
          /null payload.*materializer/,
        );
        expect(await registry.has(k)).toBe(false);
      }
      expect(await backend.list('')).toEqual(before);
    });

    it('round-trips raw bytes as data.txt', async () => {
      const k = key();
      const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 31 + 7) & 0xff);
      const info = await registry.save(k, { kind: 'bytes', bytes }, { source: 'test' });
      expect(info).toMatchObject({
        className: 'builtins.bytes',
        materializer: MATERIALIZERS.bytes,
        files: ['data.txt'],
      });
      expect(info.hash).toBe(sha256('data.txt', bytes));
      const loaded = await registry.load(k);
      expect(Buffer.isBuffer(loaded)).toBe(true);
      expect((loaded as Buffer).equals(Buffer.from(bytes))).toBe(true);
    });

    it('stores a PNG file as image_file.PNG and loads it as an image', async () => {
      const k = key();
      const png = makePng(5, 4);
      const file = path.join(scratch, 'tiny.png');
      await writeFile(file, png);
      const info = await registry.save(k, { kind: 'file', path: file }, { type: 'image' });
      expect(info).toMatchObject({
        className: 'PIL.PngImagePlugin.PngImageFile',
        materializer: MATERIALIZERS.pillow,
        files: ['image_file.PNG'],
        hash: sha256('image_file.PNG', png),
      });
      const loaded = (await registry.load(k)) as RegistryImage;
      expect(loaded.kind).toBe('image');
      expect(loaded.format).toBe('PNG');
      expect(loaded.bytes.equals(png)).toBe(true);
    });

    it('stores a non-image file as data.txt, and detects an image in a stream', async () => {
      const plain = key();
      const file = path.join(scratch, 'notes.csv');
      await writeFile(file, 'a,b\n1,2\n');
      const info = await registry.save(plain, { kind: 'file', path: file }, {});
      expect(info.files).toEqual(['data.txt']);
      expect((await registry.load(plain)) as Buffer).toEqual(Buffer.from('a,b\n1,2\n'));

      const jpegKey = key();
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 1)]);
      // One byte per chunk: detection must gather the head across chunks.
      const stream = Readable.from([...jpeg].map((b) => Buffer.from([b])));
      const jpegInfo = await registry.save(jpegKey, { kind: 'stream', stream, name: 'x.jpg' }, {});
      expect(jpegInfo.files).toEqual(['image_file.JPEG']);
      expect(jpegInfo.className).toBe('PIL.JpegImagePlugin.JpegImageFile');
      expect(((await registry.load(jpegKey)) as RegistryImage).bytes.equals(jpeg)).toBe(true);
    });

    it('streams a payload larger than the multipart threshold, byte-exact', async () => {
      const k = key();
      const size = Math.max(12 * 1024 * 1024, 2 * sut.multipartThreshold + 123);
      const expected = await sha256Of(byteStream(size, 42), 'data.txt');
      const info = await registry.save(k, { kind: 'stream', stream: byteStream(size, 42) }, { big: true });
      expect(info.files).toEqual(['data.txt']);
      expect(info.hash).toBe(expected);
      expect(await sha256Of(await registry.openFile(k, 'data.txt'), 'data.txt')).toBe(expected);
      const loaded = (await registry.load(k)) as Buffer;
      expect(loaded.length).toBe(size);
      expect(sha256('data.txt', loaded)).toBe(expected);
    });

    it('writes registry_metadata.json as the Python library does', async () => {
      await registry.save(key(), { kind: 'json', value: 1 }, {});
      expect((await backend.read('registry_metadata.json')).toString('utf8')).toBe(REGISTRY_METADATA_JSON);
    });

    it('keeps tricky metadata intact through the YAML commit file', async () => {
      const k = key();
      const metadata = {
        yes: 'yes',
        version: '1.0',
        date: '2024-01-01',
        nothing: null,
        nested: { list: ['on', 'off', 1, 2.5, true], 'a key': 'tab\there', '<<': '=' },
        unicode: 'café 😀',
      };
      await registry.save(k, { kind: 'json', value: { x: 1 } }, metadata);
      expect((await registry.info(k)).metadata).toEqual(metadata);
    });

    it('detects a tampered payload file', async () => {
      const k = key();
      await registry.save(k, { kind: 'bytes', bytes: Buffer.from('original bytes') }, {});
      await backend.write(`${k}/1.0.0/data.txt`, Buffer.from('tampered bytes'));
      await expectRegistryError(registry.load(k), /hash mismatch/i);
      const stream = await registry.openFile(k, 'data.txt');
      await expectRegistryError(readAll(stream), /hash mismatch/i);
    });

    it('reads a version "1" object without hash or file list, as older Python releases wrote them', async () => {
      const k = key();
      await backend.write(`${k}/1/data.json`, Buffer.from('{"label": "cat", "score": 0.5}'));
      const yaml = [
        'class: builtins.dict',
        'init_params: {}',
        `materializer: ${MATERIALIZERS.container}`,
        'metadata:',
        '  project: legacy',
        '',
      ].join('\n');
      await backend.write(`_meta_${k}@1.yaml`, Buffer.from(yaml));
      expect(await registry.has(k)).toBe(true);
      const info = await registry.info(k);
      expect(info).toMatchObject({ key: k, version: '1', files: ['data.json'], hash: null });
      expect(info.metadata).toEqual({ project: 'legacy' });
      expect(info.path).toBe(backend.locate(`${k}/1`));
      expect(await registry.load(k)).toEqual({ label: 'cat', score: 0.5 });
      await registry.delete(k);
      expect(await registry.has(k)).toBe(false);
      expect(await backend.list(`${k}/`)).toEqual([]);
    });

    it('verifies the hash of a version "1" object that has one', async () => {
      const k = key();
      const png = makePng(2, 2);
      await backend.write(`${k}/1/image_file.PNG`, png);
      const fields = {
        _files: ['image_file.PNG'],
        class: 'PIL.PngImagePlugin.PngImageFile',
        hash: sha256('image_file.PNG', png),
        init_params: {},
        materializer: MATERIALIZERS.pillow,
        metadata: {},
        path: 'somewhere/else',
      };
      await backend.write(`_meta_${k}@1.yaml`, Buffer.from(stringifyCommitFile(fields)));
      expect(((await registry.load(k)) as RegistryImage).format).toBe('PNG');
      await backend.write(`${k}/1/image_file.PNG`, makePng(3, 2));
      await expectRegistryError(registry.load(k), /hash mismatch/i);
    });

    it('decodes numpy arrays, and leaves pickles and unknown materializers undecoded', async () => {
      const array = key();
      const data = Buffer.alloc(6 * 8);
      for (let i = 0; i < 6; i++) data.writeDoubleLE(i / 2, i * 8);
      const npy = makeNpy('<f8', [2, 3], data);
      await backend.write(`${array}/1.0.0/data.npy`, npy);
      await backend.write(
        `_meta_${array}@1.0.0.yaml`,
        Buffer.from(
          stringifyCommitFile({
            _files: ['data.npy'],
            class: 'numpy.ndarray',
            hash: sha256('data.npy', npy),
            init_params: {},
            materializer: MATERIALIZERS.numpy,
            metadata: {},
            path: backend.locate(`${array}/1.0.0`),
          }),
        ),
      );
      const nd = (await registry.load(array)) as RegistryNdArray;
      expect(nd).toMatchObject({ kind: 'ndarray', dtype: '<f8', shape: [2, 3], fortranOrder: false });
      expect(nd.bytes.equals(data)).toBe(true);

      const pickle = key();
      const pkl = Buffer.from([0x80, 0x04, 0x95, 0x00, 0x2e]);
      await backend.write(`${pickle}/1.0.0/artifact.pkl`, pkl);
      await backend.write(
        `_meta_${pickle}@1.0.0.yaml`,
        Buffer.from(
          'class: my.Model\ninit_params: {}\nmaterializer: zenml.materializers.cloudpickle_materializer.CloudpickleMaterializer\nmetadata: {}\n',
        ),
      );
      const undecodable = (await registry.load(pickle)) as UndecodablePayload;
      expect(undecodable).toEqual({
        kind: 'undecodable',
        className: 'my.Model',
        materializer: 'zenml.materializers.cloudpickle_materializer.CloudpickleMaterializer',
        files: ['artifact.pkl'],
      });
      expect((await readAll(await registry.openFile(pickle, 'artifact.pkl'))).equals(pkl)).toBe(true);
      await expectRegistryError(registry.openFile(pickle, 'other.pkl'), /not a file of registry object/);
    });

    it('describes objects without loading them: files, sizes, kind, image size, array shape', async () => {
      const image = key();
      const png = makePng(7, 5);
      const file = path.join(scratch, 'describe.png');
      await writeFile(file, png);
      await registry.save(image, { kind: 'file', path: file }, {});
      expect(await registry.describe(image)).toMatchObject({
        files: [{ path: 'image_file.PNG', size: png.length }],
        size: png.length,
        kind: 'image',
        mainFile: 'image_file.PNG',
        mediaType: 'image/png',
        image: { format: 'PNG', width: 7, height: 5 },
      });

      const json = key();
      await registry.save(json, { kind: 'json', value: { a: [1, 2] } }, {});
      expect(await registry.describe(json)).toMatchObject({ kind: 'json', mainFile: 'data.json' });
      const text = key();
      await registry.save(text, { kind: 'json', value: 'hello' }, {});
      expect(await registry.describe(text)).toMatchObject({ kind: 'text', mainFile: 'data.json' });
      const bytes = key();
      await registry.save(bytes, { kind: 'bytes', bytes: Buffer.from('12345') }, {});
      expect(await registry.describe(bytes)).toMatchObject({
        kind: 'bytes',
        files: [{ path: 'data.txt', size: 5 }],
      });

      const array = key();
      const npy = makeNpy('|u1', [4, 6, 3], Buffer.alloc(72, 9));
      await backend.write(`${array}/1.0.0/data.npy`, npy);
      await backend.write(
        `_meta_${array}@1.0.0.yaml`,
        Buffer.from(
          stringifyCommitFile({
            _files: ['data.npy'],
            class: 'numpy.ndarray',
            hash: sha256('data.npy', npy),
            init_params: {},
            materializer: MATERIALIZERS.numpy,
            metadata: {},
            path: backend.locate(`${array}/1.0.0`),
          }),
        ),
      );
      expect(await registry.describe(array)).toMatchObject({
        kind: 'ndarray',
        array: { shape: [4, 6, 3], dtype: '|u1' },
        files: [{ path: 'data.npy', size: npy.length }],
      });
      await expectRegistryError(registry.describe(key()), /does not exist/);
    });

    it('verifies an object against its hash, and finds a tampered one', async () => {
      const k = key();
      await registry.save(k, { kind: 'bytes', bytes: Buffer.from('the original') }, {});
      expect(await registry.verify(k)).toMatchObject({ ok: true });
      await backend.write(`${k}/1.0.0/data.txt`, Buffer.from('not the original'));
      const tampered = await registry.verify(k);
      expect(tampered.ok).toBe(false);
      expect(tampered.actual).not.toBe(tampered.expected);
    });

    it('answers has() and deletes objects, commit file first', async () => {
      const k = key();
      expect(await registry.has(k)).toBe(false);
      await registry.save(k, { kind: 'bytes', bytes: Buffer.from('x') }, {});
      expect(await registry.has(k)).toBe(true);
      expect(await backend.exists(`_meta_${k}@1.0.0.yaml`)).toBe(true);
      await registry.delete(k);
      expect(await registry.has(k)).toBe(false);
      expect(await backend.exists(`_meta_${k}@1.0.0.yaml`)).toBe(false);
      expect(await backend.list(`${k}/`)).toEqual([]);
      await expectRegistryError(registry.load(k), /does not exist/);
      await registry.delete(k); // deleting a missing object is not an error
    });

    it('raises RegistryError naming the key for a missing object', async () => {
      const k = key();
      const err = await expectRegistryError(registry.load(k), /does not exist/);
      expect(err.message).toContain(k);
      await expectRegistryError(registry.info(k), new RegExp(k));
      await expectRegistryError(registry.openFile(k, 'data.json'), new RegExp(k));
    });

    it('refuses to overwrite an existing object', async () => {
      const k = key();
      await registry.save(k, { kind: 'json', value: { v: 1 } }, {});
      await expectRegistryError(registry.save(k, { kind: 'json', value: { v: 2 } }, {}), /already exists/);
      expect(await registry.load(k)).toEqual({ v: 1 });
    });

    it('leaves nothing behind when a streamed save fails mid-way', async () => {
      const k = key();
      await expectRegistryError(
        registry.save(k, { kind: 'stream', stream: failingStream(64 * 1024) }, {}),
        /upload connection dropped/,
      );
      expect(await registry.has(k)).toBe(false);
      expect(await backend.list(`${k}/`)).toEqual([]);
      // The key is usable again afterwards.
      await registry.save(k, { kind: 'json', value: 'second try' }, {});
      expect(await registry.load(k)).toBe('second try');
    });

    it('refuses metadata that YAML cannot hold before writing anything', async () => {
      const k = key();
      await expectRegistryError(
        registry.save(k, { kind: 'bytes', bytes: Buffer.from('payload') }, { when: new Date(Number.NaN) }),
        /invalid Date/,
      );
      expect(await registry.has(k)).toBe(false);
      expect(await backend.list(`${k}/`)).toEqual([]);
    });

    const badKeys = ['', '.', '..', '../escape', '/abs', 'a/b', 'a\\b', 'nul\u0000byte', 'C:evil'];
    for (const bad of badKeys) {
      it(`rejects the key ${JSON.stringify(bad)} without touching the store`, async () => {
        const before = await backend.list('');
        const named = new RegExp(JSON.stringify(bad).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        await expectRegistryError(registry.save(bad, { kind: 'json', value: 1 }, {}), named);
        await expectRegistryError(registry.load(bad), named);
        await expectRegistryError(registry.has(bad), named);
        await expectRegistryError(registry.delete(bad), named);
        expect(await backend.list('')).toEqual(before);
      });
    }

    it('rejects file names that leave the object folder', async () => {
      const k = key();
      await registry.save(k, { kind: 'json', value: 1 }, {});
      await expectRegistryError(registry.openFile(k, '../registry_metadata.json'), /unsafe/i);
      await expectRegistryError(backend.read('../outside'), /unsafe/i);
      await expectRegistryError(backend.write('a/../../outside', Buffer.from('x')), /unsafe/i);
      await expectRegistryError(backend.list('../'), /unsafe/i);
    });
  });
}
