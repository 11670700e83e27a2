import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryError } from '#shared/errors';
import { FileBackend } from './file-backend';
import { LayoutRegistry } from './layout';
import { describeRegistryConformance } from './registry-conformance.test-suite';
import { byteStream, makePng } from './test-fixtures';

const roots: string[] = [];
async function tempRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'registry-file-'));
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

describeRegistryConformance('file', async () => {
  const backend = new FileBackend(await tempRoot());
  return {
    registry: new LayoutRegistry(`file://${backend.root}`, backend, 'zenml'),
    backend,
    multipartThreshold: 0,
  };
});

describe('file registry: golden layout', () => {
  let root: string;
  let registry: LayoutRegistry;

  beforeAll(async () => {
    root = await tempRoot();
    registry = new LayoutRegistry(`file://${root}`, new FileBackend(root), 'zenml');
  });

  it('writes exactly the files, JSON bytes, YAML and hash that the Python library writes', async () => {
    const value = {
      type: 'image',
      filename: 'a.jpg',
      size: 1024,
      tags: ['cat', 'dog'],
      score: 0.25,
      note: 'café',
    };
    const metadata = {
      project: 'cv',
      yes: 'no',
      version: '1.0',
      quality: 0.9,
      count: 3,
      empty: [],
      when: '2024-01-01',
      city: 'Zürich',
      nested: { b: [1, 2], a: null, on: true },
    };
    const info = await registry.save('golden-json', { kind: 'json', value }, metadata);

    const png = makePng(3, 2);
    const pngFile = path.join(root, '..', `${path.basename(root)}-input.png`);
    await writeFile(pngFile, png);
    roots.push(pngFile);
    await registry.save('golden-png', { kind: 'file', path: pngFile }, { type: 'image' });

    expect(await listTree(root)).toEqual([
      '_meta_golden-json@1.0.0.yaml',
      '_meta_golden-png@1.0.0.yaml',
      'golden-json/1.0.0/data.json',
      'golden-png/1.0.0/image_file.PNG',
      'registry_metadata.json',
    ]);
    expect(await readFile(path.join(root, 'registry_metadata.json'), 'utf8')).toBe(
      '{"materializers": {}, "version_objects": false, "mutable": false, "version_digits": 3}',
    );

    // `json.dumps(value)` in Python, byte for byte.
    const json = await readFile(path.join(root, 'golden-json/1.0.0/data.json'));
    expect(json.toString('latin1')).toBe(
      '{"type": "image", "filename": "a.jpg", "size": 1024, "tags": ["cat", "dog"], "score": 0.25, "note": "caf\\u00e9"}',
    );

    const jsonHash = createHash('sha256').update('data.json', 'utf8').update(json).digest('hex');
    // The same object saved by the Python library has this hash (computed there).
    expect(jsonHash).toBe('2e66079f1646da3f236c2c5ccd375f5321f0c067dd57de1e03d077f53ab52d94');
    expect(info.hash).toBe(jsonHash);

    // What `yaml.safe_dump(..., sort_keys=True)` printed for the same fields.
    expect(await readFile(path.join(root, '_meta_golden-json@1.0.0.yaml'), 'utf8')).toBe(
      [
        '_files:',
        '- data.json',
        'class: builtins.dict',
        `hash: ${jsonHash}`,
        'init_params: {}',
        'materializer: zenml.materializers.BuiltInContainerMaterializer',
        'metadata:',
        '  city: "Z\\xFCrich"',
        '  count: 3',
        '  empty: []',
        '  nested:',
        '    a: null',
        '    b:',
        '    - 1',
        '    - 2',
        "    'on': true",
        '  project: cv',
        '  quality: 0.9',
        "  version: '1.0'",
        "  when: '2024-01-01'",
        "  'yes': 'no'",
        `path: ${path.join(root, 'golden-json', '1.0.0')}`,
        '',
      ].join('\n'),
    );

    const pngBytes = await readFile(path.join(root, 'golden-png/1.0.0/image_file.PNG'));
    expect(pngBytes.equals(png)).toBe(true);
    const pngHash = createHash('sha256').update('image_file.PNG').update(png).digest('hex');
    expect(await readFile(path.join(root, '_meta_golden-png@1.0.0.yaml'), 'utf8')).toBe(
      [
        '_files:',
        '- image_file.PNG',
        'class: PIL.PngImagePlugin.PngImageFile',
        `hash: ${pngHash}`,
        'init_params: {}',
        'materializer: zenml.integrations.pillow.materializers.pillow_image_materializer.PillowImageMaterializer',
        'metadata:',
        '  type: image',
        `path: ${path.join(root, 'golden-png', '1.0.0')}`,
        '',
      ].join('\n'),
    );
  });

  it('deletes an object without leaving empty folders', async () => {
    await registry.save('to-delete', { kind: 'json', value: [1] }, {});
    await registry.delete('to-delete');
    const left = await readdir(root);
    expect(left).not.toContain('to-delete');
    expect(left).not.toContain('_meta_to-delete@1.0.0.yaml');
  });
});

describe('file backend', () => {
  it('leaves no temporary files after writes, even large streamed ones', async () => {
    const root = await tempRoot();
    const backend = new FileBackend(root);
    await backend.write('k/1.0.0/data.txt', byteStream(3 * 1024 * 1024, 3));
    await backend.write('k/1.0.0/data.txt', Buffer.from('replaced'));
    expect(await listTree(root)).toEqual(['k/1.0.0/data.txt']);
    expect((await backend.read('k/1.0.0/data.txt')).toString()).toBe('replaced');
  });

  it('removes its temporary file when a streamed write fails', async () => {
    const root = await tempRoot();
    const backend = new FileBackend(root);
    let reads = 0;
    const failing = new Readable({
      read() {
        if (reads++ < 3) this.push(Buffer.alloc(64 * 1024, reads));
        else this.destroy(new Error('source broke'));
      },
    });
    await expect(backend.write('k/1.0.0/data.txt', failing)).rejects.toThrow(/source broke/);
    expect(await listTree(root)).toEqual([]);
  });

  it('lists by prefix, in path order', async () => {
    const backend = new FileBackend(await tempRoot());
    for (const p of ['a-b', 'a/b', 'a/a', 'ab/c', '_meta_a@1.yaml']) await backend.write(p, Buffer.from(p));
    expect(await backend.list('')).toEqual(['_meta_a@1.yaml', 'a/a', 'a/b', 'a-b', 'ab/c']);
    expect(await backend.list('a/')).toEqual(['a/a', 'a/b']);
    expect(await backend.list('a')).toEqual(['a/a', 'a/b', 'a-b', 'ab/c']);
    expect(await backend.list('missing/')).toEqual([]);
  });

  it('reports an unusable root as a RegistryError', async () => {
    const root = await tempRoot();
    const notAFolder = path.join(root, 'file');
    await writeFile(notAFolder, 'x');
    const registry = new LayoutRegistry(notAFolder, new FileBackend(notAFolder), 'zenml');
    const err = await registry.save('k', { kind: 'json', value: 1 }, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as Error).message).toContain(notAFolder);
  });
});
