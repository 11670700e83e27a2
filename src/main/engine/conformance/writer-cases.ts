/**
 * What this engine writes must read back in Python exactly as Python's own writer would have stored it.
 * These cases run on every store (see the *.test.ts files beside this one); the live suite in
 * `src/main/engine/interop/` checks the same with the real Python library.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError, RegistryError } from '#shared/errors';
import type { Row } from '#shared/query/types';
import type { Datalake } from '../datalake';
import { FilePayload, StreamPayload } from '../payload';
import { makeBmp } from '../registries/test-fixtures';

const BMW = 'BMW is a car brand from Munich, and this file is plain text, not a bitmap.\n';

export function describeWriterCases(
  storeName: string,
  open: () => Promise<Datalake>,
  registryUri: () => string,
): void {
  describe(`writer cases [${storeName}]`, () => {
    let dl: Datalake;
    let scratch: string;
    beforeAll(async () => {
      dl = await open();
      scratch = await mkdtemp(join(tmpdir(), 'dl-writer-'));
    });
    afterAll(async () => {
      await dl?.close();
    });

    const newProject = () => `W-${randomUUID()}`;
    const ids = async (query: Record<string, unknown>) =>
      ((await dl.queryData({ ...query, column: 'id' })) as Row[]).map((r) => r.id);

    it('stores integers as int32 or int64 by their range, in data and metadata, and reads them back', async () => {
      const project = newProject();
      const data = {
        small: 7,
        negative: -2147483648,
        big: 2 ** 40, // a millisecond timestamp's size
        negBig: -(2 ** 40),
        huge: 2 ** 60, // beyond 2^53: int64, read back as a bigint
        asBigint: 2n ** 62n,
        edge: 2n ** 63n - 1n,
        fraction: 2.5,
        beyondInt64: 1e20, // an integer-valued number no int64 holds stays a double
        list: [2 ** 33, 1, 0.5],
        nested: { size: 5_000_000_000 },
      };
      const metadata = { project, ts: 1_700_000_000_123, count: 3, big: 9007199254740993n };
      const { id } = await dl.addDatum(data, metadata);

      const [got] = await dl.getData([id]);
      expect(got.data).toEqual({
        ...data,
        huge: 2n ** 60n,
        asBigint: 2n ** 62n,
        edge: 2n ** 63n - 1n,
      });
      expect(got.metadata).toEqual(metadata);
      expect(typeof (got.data as { big: unknown }).big).toBe('number');
      expect(typeof got.metadata.ts).toBe('number');

      // The stored BSON types, as a MongoDB query sees them.
      const typed = async (path: string, type: string) =>
        ids({ 'metadata.project': project, [path]: { $type: type } });
      for (const [path, type] of [
        ['data.small', 'int'],
        ['data.negative', 'int'],
        ['data.big', 'long'],
        ['data.negBig', 'long'],
        ['data.huge', 'long'],
        ['data.asBigint', 'long'],
        ['data.edge', 'long'],
        ['data.fraction', 'double'],
        ['data.beyondInt64', 'double'],
        ['data.list', 'long'],
        ['data.nested.size', 'long'],
        ['metadata.ts', 'long'],
        ['metadata.count', 'int'],
        ['metadata.big', 'long'],
      ]) {
        expect([path, await typed(path, type)]).toEqual([path, [id]]);
      }
      expect(await typed('data.big', 'double')).toEqual([]);
      expect(await typed('metadata.ts', 'double')).toEqual([]);
      // Numbers still compare by value across kinds.
      expect(
        await ids({ 'metadata.project': project, 'data.big': 2 ** 40, 'metadata.ts': { $gt: 2 ** 31 } }),
      ).toEqual([id]);
    });

    it('refuses an integer that does not fit int64, naming where it is', async () => {
      const project = newProject();
      const err = await dl.addDatum({ n: 2n ** 63n }, { project }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidInputError);
      expect((err as Error).message).toMatch(/9223372036854775808.*n/);
      expect(await ids({ 'metadata.project': project })).toEqual([]);
    });

    it('stores a text file that starts with "BM" as bytes, and a real BMP as an image', async () => {
      const project = newProject();
      const text = join(scratch, 'bmw.txt');
      await writeFile(text, BMW);
      const fromFile = await dl.addDatum(new FilePayload(text), { project }, { registryUri: registryUri() });
      const fromStream = await dl.addDatum(
        new StreamPayload(Readable.from([Buffer.from(BMW)]), 'bmw.txt'),
        { project },
        { registryUri: registryUri() },
      );
      const shortText = await dl.addDatum(
        new StreamPayload(Readable.from([Buffer.from('BM hi')])),
        { project },
        { registryUri: registryUri() },
      );
      for (const { id, registryKey } of [fromFile, fromStream, shortText]) {
        const info = await dl.registry(registryUri()).info(registryKey!);
        expect(info.className).toBe('builtins.bytes');
        expect(info.files).toEqual(['data.txt']);
        const [got] = await dl.getData([id]);
        expect(Buffer.isBuffer(got.data)).toBe(true);
      }
      expect(((await dl.getDatum(fromFile.id)).data as Buffer).toString('utf8')).toBe(BMW);

      const bmp = join(scratch, 'pixel.bmp');
      await writeFile(bmp, makeBmp());
      const image = await dl.addDatum(new FilePayload(bmp), { project }, { registryUri: registryUri() });
      const loaded = (await dl.getDatum(image.id)).data as { kind: string; format: string; bytes: Buffer };
      expect(loaded.kind).toBe('image');
      expect(loaded.format).toBe('BMP');
      expect(loaded.bytes.equals(makeBmp())).toBe(true);
    });

    it('refuses a null registry payload before writing anything', async () => {
      const project = newProject();
      const uri = registryUri();
      const before = await listRegistry(uri);
      for (const data of [null, undefined]) {
        const err = await dl
          .addData([
            { data: { fine: true }, metadata: { project }, registryUri: uri },
            { data, metadata: { project }, registryUri: uri },
          ])
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RegistryError);
        expect((err as Error).message).toMatch(/null payload cannot be stored in a registry/);
      }
      expect(await listRegistry(uri)).toEqual(before);
      expect(await ids({ 'metadata.project': project })).toEqual([]);
      // Inline, null is an ordinary value.
      const inline = await dl.addDatum(null, { project });
      expect((await dl.getDatum(inline.id)).data).toBeNull();
    });
  });
}

async function listRegistry(uri: string): Promise<string[]> {
  const root = uri.startsWith('file://') ? new URL(uri).pathname : uri;
  return (await readdir(root, { recursive: true }).catch(() => [] as string[])).sort();
}
