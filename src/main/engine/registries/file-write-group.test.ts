import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { RegistryError } from '#shared/errors';
import { FileBackend } from './file-backend';
import { DurabilityBarrier, FileWriteGroup } from './file-write-group';
import { metaFileName, WRITE_VERSION } from './keys';
import { LayoutRegistry } from './layout';
import { byteStream, makePng } from './test-fixtures';

const roots: string[] = [];
async function tempRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'registry-group-'));
  roots.push(root);
  return root;
}
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function listTree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** A barrier that records, at each flush, which commit files already carry their own name. */
class WatchingBarrier extends DurabilityBarrier {
  readonly seen: string[][] = [];
  constructor(
    useSyncfs: boolean,
    private readonly watched: () => string[],
  ) {
    super(useSyncfs);
  }
  override async flush(root: string, paths: string[]): Promise<void> {
    this.seen.push(this.watched().filter((p) => existsSync(p)));
    await super.flush(root, paths);
  }
}

for (const mode of ['syncfs', 'fsync'] as const) {
  describe(`file registry write group [${mode === 'syncfs' ? 'syncfs where the kernel has it' : 'fsync fallback'}]`, () => {
    const barrierOf = () => new DurabilityBarrier(mode === 'syncfs' ? undefined : false);

    it('saves many objects exactly as save does: loadable, hash verified, no temporary file left', async () => {
      const root = await tempRoot();
      const one = new LayoutRegistry(
        `file://${root}/one`,
        new FileBackend(`${root}/one`, barrierOf()),
        'zenml',
      );
      const many = new LayoutRegistry(
        `file://${root}/many`,
        new FileBackend(`${root}/many`, barrierOf()),
        'zenml',
      );
      const png = makePng(5, 4);
      const inputs = (i: number) => [
        { key: `json-${i}`, payload: { kind: 'json' as const, value: { i, tags: ['a'] } }, metadata: { i } },
        { key: `png-${i}`, payload: { kind: 'stream' as const, stream: Readable.from([png]) }, metadata: {} },
        {
          key: `big-${i}`,
          payload: { kind: 'stream' as const, stream: byteStream(300_000, 7) },
          metadata: {},
        },
      ];
      for (const item of inputs(0)) await one.save(item.key, item.payload, item.metadata);
      const infos = await many.saveMany(inputs(0));
      expect(infos.map((i) => i.key)).toEqual(['json-0', 'png-0', 'big-0']);
      expect(await listTree(`${root}/many`)).toEqual(await listTree(`${root}/one`));
      for (const key of ['json-0', 'png-0', 'big-0']) {
        expect(await many.info(key)).toEqual({ ...(await one.info(key)), path: expect.any(String) });
        expect((await many.verify(key)).ok).toBe(true);
      }
      expect(await many.load('json-0')).toEqual({ i: 0, tags: ['a'] });
      expect(await many.load('png-0')).toMatchObject({ kind: 'image', format: 'PNG' });
      expect((await listTree(`${root}/many`)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    });

    it('gives commit files their names only after the payloads were flushed, and flushes them before returning', async () => {
      const root = await tempRoot();
      const targets = ['a', 'b', 'c'].map((k) => path.join(root, metaFileName(k, WRITE_VERSION)));
      const barrier = new WatchingBarrier(
        mode === 'syncfs' ? process.platform === 'linux' : false,
        () => targets,
      );
      const group = new FileWriteGroup(root, barrier);
      for (const [i, k] of ['a', 'b', 'c'].entries()) {
        await group.putPayload(path.join(root, k, WRITE_VERSION, 'data.txt'), Buffer.from(`payload ${k}`));
        await group.putCommit(targets[i], Buffer.from(`commit ${k}`));
      }
      expect(targets.filter((t) => existsSync(t))).toEqual([]);
      await group.publish();
      // First flush: payloads in place, no commit file named yet; second flush: every commit file named.
      expect(barrier.seen).toEqual([[], targets]);
      expect(await listTree(root)).toEqual(
        [
          'a/1.0.0/data.txt',
          'b/1.0.0/data.txt',
          'c/1.0.0/data.txt',
          ...targets.map((t) => path.basename(t)),
        ].sort(),
      );
    });

    it('leaves none of the objects when one payload fails midway', async () => {
      const root = await tempRoot();
      const registry = new LayoutRegistry(`file://${root}`, new FileBackend(root, barrierOf()), 'zenml');
      const broken = new Readable({
        read() {
          this.push(Buffer.alloc(70_000, 1));
          this.destroy(new Error('disk went away'));
        },
      });
      const items = [
        { key: 'ok-1', payload: { kind: 'json' as const, value: [1, 2] }, metadata: {} },
        { key: 'broken', payload: { kind: 'stream' as const, stream: broken }, metadata: {} },
        { key: 'ok-2', payload: { kind: 'bytes' as const, bytes: Buffer.from('x') }, metadata: {} },
      ];
      await expect(registry.saveMany(items)).rejects.toThrow(RegistryError);
      for (const item of items) expect(await registry.has(item.key)).toBe(false);
      expect(await listTree(root)).toEqual(['registry_metadata.json']);
    });

    it('refuses a key that exists, before writing any object of the group', async () => {
      const root = await tempRoot();
      const registry = new LayoutRegistry(`file://${root}`, new FileBackend(root, barrierOf()), 'zenml');
      await registry.save('taken', { kind: 'json', value: 1 }, {});
      const before = await listTree(root);
      await expect(
        registry.saveMany([
          { key: 'fresh', payload: { kind: 'json', value: 2 }, metadata: {} },
          { key: 'taken', payload: { kind: 'json', value: 3 }, metadata: {} },
        ]),
      ).rejects.toThrow(/taken already exists/);
      expect(await listTree(root)).toEqual(before);
      expect(await registry.load('taken')).toBe(1);
    });
  });
}
