import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testMongoUri, uniqueName } from '../../../test-support/env';
import { openEmbeddedStore } from '../stores/embedded';
import { openMongoStore } from '../stores/mongo/mongo-store';
import { describeLineage } from './lineage-suite';

const root = await mkdtemp(join(tmpdir(), 'dl-lineage-'));

describeLineage('embedded', () => openEmbeddedStore(join(root, 'store')));
describeLineage('mongodb', () => openMongoStore({ uri: testMongoUri(), dbName: uniqueName('lineage') }));
