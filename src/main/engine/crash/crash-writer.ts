/**
 * Child process for the crash test: adds registry-backed datums in a loop and, after each addDatum
 * resolves, appends the id to a journal with fsync — so the journal lists exactly what was reported
 * as written before the parent kills this process with SIGKILL.
 * Usage: crash-writer.ts <journal> <registryUri> (embedded <folder> | mongodb <uri> <db>)
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { Datalake } from '../datalake';

const [journal, registryUri, kind, a, b] = process.argv.slice(2);
const dl =
  kind === 'embedded'
    ? await Datalake.open({ embeddedPath: a })
    : await Datalake.open({ mongoUri: a, dbName: b });
const fd = openSync(journal, 'a');
process.send?.('ready');
for (let i = 0; ; i++) {
  const payload = { seq: i, text: 'x'.repeat(2000 + (i % 7) * 500), pid: process.pid };
  const datum =
    i % 3 === 2
      ? await dl.addData([
          { data: payload, metadata: { crash: true, i }, registryUri },
          { data: Buffer.alloc(4096, i % 256), metadata: { crash: true, i, bytes: true }, registryUri },
        ])
      : [await dl.addDatum(payload, { crash: true, i }, { registryUri })];
  writeSync(fd, `${datum.map((d) => d.id).join('\n')}\n`);
  fsyncSync(fd);
  if (i === Number.MAX_SAFE_INTEGER) closeSync(fd);
}
