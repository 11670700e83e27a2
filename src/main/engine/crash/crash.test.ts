/**
 * Crash safety (spec §4, product "Reliability"): a writer killed with SIGKILL at random moments must
 * leave no datum pointing to a missing registry object, lose nothing it reported as written, and leave
 * a store that opens cleanly. Runs on the embedded store and on MongoDB.
 */
import { fork } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testMongoUri, uniqueName } from '../../../test-support/env';
import { Datalake } from '../datalake';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const WRITER = join(import.meta.dirname, 'crash-writer.ts');

/** Lines the writer has journaled so far (0 before its first write). */
async function journaled(journal: string): Promise<number> {
  const text = await readFile(journal, 'utf8').catch(() => '');
  return text.split('\n').filter((l) => /^[0-9a-f]{24}$/.test(l)).length;
}

/**
 * Starts the writer and kills it at a random moment. With `afterProgress`, the random moment comes after the
 * writer has journaled one more datum, so that a loaded machine (a slow start every round) still exercises
 * kills in the middle of writing, not only before the first write.
 */
async function killRound(args: string[], afterProgress: boolean): Promise<void> {
  const child = fork(WRITER, args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
  });
  if (afterProgress) {
    const before = await journaled(args[0]);
    for (let waited = 0; waited < 30_000 && (await journaled(args[0])) <= before; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  // Kill somewhere inside the write loop: registry write, YAML commit, insert, or journal append.
  await new Promise((r) => setTimeout(r, 50 + Math.random() * 400));
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

async function verify(dl: Datalake, journal: string): Promise<{ reported: number; stored: number }> {
  const reported = (await readFile(journal, 'utf8')).split('\n').filter((l) => /^[0-9a-f]{24}$/.test(l)); // a torn last line was never reported
  // Nothing reported as written is missing (getData names every missing id).
  await dl.getData(reported, { loadPayload: false });
  // Every datum that points to a registry has its object, and it loads (hash verified).
  const rows = (await dl.queryData({ 'metadata.crash': true, column: 'id' })) as Array<{ id: string }>;
  const stored = rows.length;
  for (const datum of await dl.getData(
    rows.map((r) => r.id),
    { loadPayload: false },
  )) {
    expect(datum.registryUri).not.toBeNull();
    await expect(dl.registry(datum.registryUri!).has(datum.registryKey!)).resolves.toBe(true);
    await dl.registry(datum.registryUri!).load(datum.registryKey!);
  }
  return { reported: reported.length, stored };
}

function describeCrash(
  name: string,
  storeArgs: () => Promise<string[]>,
  open: (args: string[]) => Promise<Datalake>,
) {
  describe(`crash safety [${name}]`, () => {
    it(`survives ${ROUNDS} SIGKILL rounds`, { timeout: 600_000 }, async () => {
      const dir = await mkdtemp(join(tmpdir(), `crash-${name}-`));
      const journal = join(dir, 'journal.txt');
      const registryUri = `file://${join(dir, 'registry')}`;
      const args = await storeArgs();
      let last = { reported: 0, stored: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        await killRound([journal, registryUri, ...args], round % 4 === 3);
        const dl = await open(args); // the store must open cleanly after every kill
        try {
          last = await verify(dl, journal);
          expect(last.stored).toBeGreaterThanOrEqual(last.reported);
        } finally {
          await dl.close();
        }
      }
      console.log(
        `[${name}] ${ROUNDS} kill rounds: ${last.reported} datums reported, ${last.stored} stored, all consistent`,
      );
      expect(last.reported).toBeGreaterThan(0);
    });
  });
}

describeCrash(
  'embedded',
  async () => ['embedded', join(await mkdtemp(join(tmpdir(), 'crash-store-')), 'store')],
  (args) => Datalake.open({ embeddedPath: args[1] }),
);

describeCrash(
  'mongodb',
  async () => ['mongodb', testMongoUri(), uniqueName('crash')],
  (args) => Datalake.open({ mongoUri: args[1], dbName: args[2] }),
);
