/**
 * Caller-chosen ids (`NewDatum.id`): datums of one addData call can derive from each other and land in
 * one insert; a taken id is refused the same way on both stores, and the registry object is not kept.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '#shared/errors';
import { testMongoUri, uniqueName } from '../../test-support/env';
import { Datalake, newDatumId } from './datalake';

function describeChosenIds(name: string, atomic: boolean, open: () => Promise<Datalake>) {
  describe(`chosen ids [${name}]`, () => {
    let dl: Datalake;
    let registryUri: string;
    beforeAll(async () => {
      dl = await open();
      registryUri = `file://${await mkdtemp(join(tmpdir(), 'dl-ids-reg-'))}`;
    });
    afterAll(async () => {
      await dl?.close();
    });

    it('lets datums of one call derive from each other', async () => {
      const parent = newDatumId();
      const child = newDatumId();
      const added = await dl.addData([
        { id: parent, data: { type: 'image' }, metadata: {} },
        { id: child, data: Buffer.from('bytes'), metadata: {}, registryUri, derivedFrom: parent },
      ]);
      expect(added.map((d) => d.id)).toEqual([parent, child]);
      expect(await dl.getDirectlyDerivedData(parent)).toEqual([child]);
      expect((await dl.getDatum(child)).data).toEqual(Buffer.from('bytes'));
    });

    it('refuses a taken id; a datum that did land keeps its registry object', async () => {
      const taken = newDatumId();
      await dl.addDatum({ n: 1 }, {}, {});
      await dl.addData([{ id: taken, data: { n: 2 }, metadata: {} }]);
      const fresh = newDatumId();
      const attempt = dl.addData([
        { id: fresh, data: Buffer.from('payload'), metadata: {}, registryUri },
        { id: taken, data: { n: 3 }, metadata: {} },
      ]);
      await expect(attempt).rejects.toThrow(InvalidInputError);
      await expect(attempt).rejects.toThrow(taken);
      const [landed] = await dl.findData([fresh]);
      // The embedded store inserts a call in one transaction; MongoDB's ordered insertMany keeps the prefix
      // before the refused document, and that datum must still point to its object.
      if (atomic) expect(landed).toBeNull();
      else expect((await dl.getDatum(fresh)).data).toEqual(Buffer.from('payload'));
    });

    it('refuses an id that is not 24 hex', async () => {
      await expect(dl.addData([{ id: 'nope', data: {}, metadata: {} }])).rejects.toThrow(/id must be/);
    });
  });
}

describeChosenIds('embedded', true, async () =>
  Datalake.open({ embeddedPath: join(await mkdtemp(join(tmpdir(), 'dl-ids-')), 'store') }),
);
describeChosenIds('mongodb', false, () =>
  Datalake.open({ mongoUri: testMongoUri(), dbName: uniqueName('ids') }),
);
