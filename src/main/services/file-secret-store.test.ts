import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FileSecretStore } from './file-secret-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dlb-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('keeps secrets in a 0600 file, survives concurrent writes, and says it is not encrypted', async () => {
  const store = new FileSecretStore(dir);
  expect(store.protection.encrypted).toBe(false);
  expect(store.protection.warning).toMatch(/unencrypted/);
  expect(await store.get('a')).toBeUndefined();
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, `v${i}`)));
  const again = new FileSecretStore(dir);
  for (let i = 0; i < 20; i++) expect(await again.get(`k${i}`)).toBe(`v${i}`);
  expect((await stat(join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
  await again.delete('k3');
  expect(await store.get('k3')).toBeUndefined();
  expect(JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'))).not.toHaveProperty('k3');
  expect(await store.get('toString')).toBeUndefined();
});
