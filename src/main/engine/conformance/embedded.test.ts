import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Datalake } from '../datalake';
import { describeAcceptance } from './acceptance-suite';
import { describeDatalakeApi } from './api-suite';
import { describeWriterCases } from './writer-cases';

const root = await mkdtemp(join(tmpdir(), 'dl-embedded-'));

describeAcceptance(
  'embedded',
  () => Datalake.open({ embeddedPath: join(root, 'store') }),
  () => `file://${join(root, 'registry')}`,
);

let lakes = 0;
describeDatalakeApi(
  'embedded',
  () => Datalake.open({ embeddedPath: join(root, `api-${++lakes}`) }),
  () => join(root, 'api-registries'),
);

describeWriterCases(
  'embedded',
  () => Datalake.open({ embeddedPath: join(root, 'store') }),
  () => `file://${join(root, 'registry')}`,
);
