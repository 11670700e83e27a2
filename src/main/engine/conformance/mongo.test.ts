import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testMongoUri, uniqueName } from '../../../test-support/env';
import { Datalake } from '../datalake';
import { describeAcceptance } from './acceptance-suite';
import { describeDatalakeApi } from './api-suite';
import { describeWriterCases } from './writer-cases';

const root = await mkdtemp(join(tmpdir(), 'dl-mongo-'));

describeAcceptance(
  'mongodb',
  () => Datalake.open({ mongoUri: testMongoUri(), dbName: uniqueName('acceptance') }),
  () => join(root, 'registry'), // a plain path is a file registry too
);

describeDatalakeApi(
  'mongodb',
  () => Datalake.open({ mongoUri: testMongoUri(), dbName: uniqueName('api') }),
  () => join(root, 'api-registries'),
);

describeWriterCases(
  'mongodb',
  () => Datalake.open({ mongoUri: testMongoUri(), dbName: uniqueName('acceptance') }),
  () => join(root, 'registry'), // a plain path is a file registry too
);
