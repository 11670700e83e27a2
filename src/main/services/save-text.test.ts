/**
 * `host.saveText` through the real dispatcher and services. The dialogs are the one stand-in: Electron's
 * save dialog cannot run here (no Electron binary on these machines), so a recorded answer plays the user.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatcher } from './dispatcher';
import { FileSecretStore } from './file-secret-store';
import { createServices, type HostDialogs, type Services } from './services';

let dir: string;
let services: Services;
let dispatcher: Dispatcher;
/** What the user picks in the next save dialog (null: Cancel), and what the dialog was asked. */
let answer: string | null = null;
const asked: Array<Parameters<HostDialogs['chooseSavePath']>[0]> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dlb-save-text-'));
  const dialogs: HostDialogs = {
    async chooseSavePath(options) {
      asked.push(options);
      return answer;
    },
    async chooseFolder() {
      return null;
    },
  };
  services = await createServices({
    dataDir: join(dir, 'data'),
    secrets: new FileSecretStore(join(dir, 'data')),
    app: {
      name: 'Datalake Browser',
      version: '0.0.0-test',
      versions: { node: process.versions.node },
      host: 'electron',
    },
    dialogs,
  });
  dispatcher = createDispatcher(services, { log: () => {} });
});
afterAll(async () => {
  await services.close();
  await rm(dir, { recursive: true, force: true });
});

describe('host.saveText', () => {
  it('writes the text to the file chosen in the dialog, replacing what was there', async () => {
    const file = join(dir, 'query.py');
    await writeFile(file, 'an older and much longer file that must not leave a tail behind\n');
    answer = file;
    const text = 'QUERY = [{"column": "image_id"}]\nprint("é")\n';
    const out = await dispatcher.call('host.saveText', {
      title: 'Save the query as Python',
      defaultName: 'query.py',
      filters: [{ name: 'Python', extensions: ['py'] }],
      text,
    });
    expect(out).toEqual({ ok: true, data: { path: file } });
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(asked.at(-1)).toEqual({
      title: 'Save the query as Python',
      defaultName: 'query.py',
      filters: [{ name: 'Python', extensions: ['py'] }],
    });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes nothing when the dialog is cancelled', async () => {
    answer = null;
    const before = await readdir(dir);
    expect(await dispatcher.call('host.saveText', { defaultName: 'q.json', text: '[]' })).toEqual({
      ok: true,
      data: { path: null },
    });
    expect(await readdir(dir)).toEqual(before);
  });

  it('answers an error envelope, and leaves no temporary file, when the folder cannot be written', async () => {
    answer = join(dir, 'no-such-folder', 'q.json');
    const out = await dispatcher.call('host.saveText', { defaultName: 'q.json', text: '[]' });
    expect(out).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: `Could not write ${answer} (ENOENT)`,
        details: { path: answer },
      },
    });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses an empty file name before any dialog opens', async () => {
    const count = asked.length;
    const out = await dispatcher.call('host.saveText', { defaultName: '', text: 'x' });
    expect(out).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(asked.length).toBe(count);
  });
});
