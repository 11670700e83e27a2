/**
 * Crash safety of ingestion (product "Reliability"): the ingesting process is killed with SIGKILL at
 * random moments, 20 rounds on each store, each round re-running the same drop. After every kill: no
 * datum points to a missing or damaged payload, every parent exists, nothing reported as written is
 * missing, and no file was written twice. At the end a run without a kill completes the batch exactly.
 */
import { fork } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testMongoUri, uniqueName } from '../../../../test-support/env';
import { Datalake } from '../../../engine';
import { batchDatums, expectConsistent } from '../ingest-test-kit';
import { writeCocoSet, writeManyImages } from '../test-fixtures';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const WRITER = join(import.meta.dirname, 'ingest-crash-writer.ts');
/**
 * Images in the drop: 20 rounds, each killed within a group or two (of 128 files, ingest-job.ts; two in
 * flight in the writer), never finish it (38 groups; with four in flight and kills after up to two
 * groups, a quiet machine's MongoDB run finished them in 17 rounds).
 */
const IMAGES = 4800;
/** Datums of the complete batch: each image and its bytes, plus the COCO set's labels and boxes. */
const EXPECTED = (IMAGES + 3) * 2 + 4 + 4;

type Outcome = { batchId: string; killed: boolean };

async function round(args: string[], kill: boolean): Promise<Outcome> {
  const child = fork(WRITER, args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // The kill comes after a random number of written groups (0 or 1) and a random delay of up to 50 ms, so
  // it lands anywhere in the job (planning, reading, registry writes, YAML commits, inserts, the journal
  // append) while each round writes only a few groups, whatever the machine's speed.
  const reportsBeforeKill = Math.floor(Math.random() * 2);
  let batchId = '';
  let reports = 0;
  const killPoint = new Promise<'kill' | 'done'>((resolve, reject) => {
    child.on('message', (m) => {
      const [what, value] = String(m).split(' ');
      if (what === 'ready') batchId = value;
      if (what === 'wrote') reports++;
      if (what === 'done') resolve('done');
      if (batchId && reports >= reportsBeforeKill) resolve('kill');
    });
    void exited.then((code) =>
      code === 0 ? resolve('done') : reject(new Error(`writer failed (${code}): ${stderr}`)),
    );
  });
  if (!kill) {
    const code = await exited;
    if (code !== 0) throw new Error(`writer failed (${code}): ${stderr}`);
    return { batchId, killed: false };
  }
  if ((await killPoint) === 'done') {
    await exited;
    return { batchId, killed: false };
  }
  await new Promise((r) => setTimeout(r, Math.random() * 50));
  const killed = child.exitCode === null && child.kill('SIGKILL');
  await exited;
  return { batchId, killed };
}

/** Payloads verified in an earlier round (a committed object never changes). */
const verified = new Set<string>();

async function verify(dl: Datalake, batchId: string, journal: string): Promise<number> {
  const datums = await batchDatums(dl, batchId);
  // No datum points to a missing payload, no parent is missing, no source was written twice.
  await expectConsistent(dl, datums, verified);
  const hashes = datums
    .filter((d) => (d.data as { type?: string } | null)?.type === 'image')
    .map((d) => (d.data as { sha256: string }).sha256);
  expect(new Set(hashes).size).toBe(hashes.length);
  // Nothing reported as written is missing (a torn last line was never reported).
  const text = await readFile(journal, 'utf8').catch(() => '');
  const reported = text
    .split('\n')
    .slice(0, -1)
    .filter((l) => l !== '');
  const sources = new Set(datums.map((d) => d.metadata.ingest_source));
  expect(reported.filter((s) => !sources.has(s))).toEqual([]);
  return datums.length;
}

function describeCrash(
  name: string,
  storeArgs: () => Promise<string[]>,
  open: (args: string[]) => Promise<Datalake>,
) {
  describe(`ingestion crash safety [${name}]`, () => {
    it(`survives ${ROUNDS} SIGKILL rounds and a re-run completes the batch`, {
      timeout: 900_000,
    }, async () => {
      const dir = await mkdtemp(join(tmpdir(), `ingest-crash-${name}-`));
      const drop = join(dir, 'drop');
      await writeManyImages(drop, IMAGES, 'photos', 24);
      await writeCocoSet(drop, 7);
      const journal = join(dir, 'journal.txt');
      const registryUri = pathToFileURL(join(dir, 'registry')).href;
      const args = await storeArgs();
      const writerArgs = [journal, drop, registryUri, ...args];
      let batchId = '';
      let kills = 0;
      let stored = 0;
      for (let r = 0; r < ROUNDS; r++) {
        const outcome = await round(writerArgs, true);
        batchId = outcome.batchId;
        if (outcome.killed) kills++;
        const dl = await open(args); // the store must open cleanly after every kill
        try {
          stored = await verify(dl, batchId, journal);
        } finally {
          await dl.close();
        }
      }
      const final = await round(writerArgs, false);
      expect(final.batchId).toBe(batchId);
      const dl = await open(args);
      try {
        expect(await verify(dl, batchId, journal)).toBe(EXPECTED);
      } finally {
        await dl.close();
      }
      console.log(
        `[${name}] ${kills} of ${ROUNDS} rounds killed mid-ingest; ${stored} datums stored before the last re-run, ${EXPECTED} after, all consistent`,
      );
      expect(kills).toBe(ROUNDS);
    });
  });
}

describeCrash(
  'embedded',
  async () => ['embedded', join(await mkdtemp(join(tmpdir(), 'ingest-crash-store-')), 'store')],
  (args) => Datalake.open({ embeddedPath: args[1] }),
);

describeCrash(
  'mongodb',
  async () => ['mongodb', testMongoUri(), uniqueName('ingest-crash')],
  (args) => Datalake.open({ mongoUri: args[1], dbName: args[2] }),
);
