/** Runs every measurement of the benchmark on one store. */
import { isDeepStrictEqual } from 'node:util';
import { MongoClient } from 'mongodb';
import type { Row } from '#shared/query/types';
import { Datalake, type NewDatum } from '../src/main/engine';
import { ObjectId } from '../src/main/engine/bson';
import type { Store } from '../src/main/engine/stores/store';
import type { DatumDocument } from '../src/main/engine/types';
import { perRowQuery } from './baseline-loop';
import { generate, QUERIES, shapeFor } from './dataset';
import { embeddedFloor, type Floor, mongoFloor } from './floors';
import { countingStore, median } from './measure';
import type { OverviewReport } from './overview';

export interface QueryReport {
  name: string;
  rows: number;
  engineMs: number;
  engineCalls: number;
  floorMs: number;
  floorCalls: number;
  baselineMs: number;
  baselineNote: string;
}

export interface StoreReport {
  name: string;
  scale: number;
  datums: number;
  insert: { bulkPerSec: number; perRowPerSec: number; floorPerSec: number };
  queries: QueryReport[];
  tree: { nodes: number; ms: number; calls: number; levels: number };
  firstRows: { streamMs: number; wantedMs: number };
  /** The overview screen of the freshly generated lake (embedded store only). */
  overview?: OverviewReport;
}

export interface BenchStoreOptions {
  name: string;
  scale: number;
  runs: number;
  /** Opens the store itself: the bench counts its calls and runs the baselines on it, below the engine. */
  open: () => Promise<Store>;
  mongo?: { uri: string; dbName: string };
  /** Runs on the generated lake while nothing holds it open (the overview bench opens it in a web host). */
  afterGenerate?: () => Promise<OverviewReport>;
  /** Base rows the per-row baseline visits before its time is extrapolated to the whole base set. */
  baselineRows: number;
}

export async function benchStore(o: BenchStoreOptions): Promise<StoreReport> {
  let raw = await o.open();
  let counter = countingStore(raw);
  let dl = await Datalake.open({ store: counter.store });
  const shape = shapeFor(o.scale);
  log(o.name, `generating ${shape.images + shape.labels + shape.bboxes} datums`);
  const gen = await generate(dl, shape);
  let overview: OverviewReport | undefined;
  if (o.afterGenerate) {
    await dl.close();
    log(o.name, 'overview');
    overview = await o.afterGenerate();
    raw = await o.open();
    counter = countingStore(raw);
    dl = await Datalake.open({ store: counter.store });
  }
  const insert = await measureInserts(dl, raw);
  insert.bulkPerSec = gen.perSecond;

  let floor: Floor;
  let mongo: MongoClient | undefined;
  if (o.mongo) {
    mongo = await MongoClient.connect(o.mongo.uri);
    floor = mongoFloor(mongo.db(o.mongo.dbName).collection('Datum'));
  } else {
    floor = embeddedFloor(raw);
  }

  const queries: QueryReport[] = [];
  for (const [name, { query, datumsWanted }] of Object.entries(QUERIES)) {
    log(o.name, name);
    counter.reset();
    const engine = await median(o.runs, () => dl.queryData(query, { datumsWanted }) as Promise<Row[]>);
    const engineCalls = counter.calls() / o.runs;
    const boxMissing = name.includes('missing');
    const full = await median(o.runs, () => floor.run(boxMissing));
    let floorRows = full.value;
    let floorMs = full.ms;
    if (datumsWanted !== undefined) {
      // The floor for a limited query reads exactly the base rows the answer needs, known in advance.
      const needed = baseRowsNeeded(full.value, datumsWanted, floor.baseOrder);
      const limited = await median(o.runs, () => floor.run(boxMissing, needed));
      floorRows = limited.value.slice(0, datumsWanted);
      floorMs = limited.ms;
    }
    if (!isDeepStrictEqual(engine.value, floorRows)) {
      throw new Error(
        `${o.name} / ${name}: the engine's rows differ from the floor's (${engine.value.length} vs ${floorRows.length})`,
      );
    }
    const baseline = await measureBaseline(raw, query, datumsWanted, o.baselineRows, shape.images);
    queries.push({
      name,
      rows: engine.value.length,
      engineMs: engine.ms,
      engineCalls,
      floorMs,
      floorCalls: 3,
      ...baseline,
    });
  }
  const tree = await measureTree(dl, counter, o.runs);
  const firstRows = await measureFirstRows(dl, o.runs);
  await mongo?.close();
  await dl.close();
  return {
    name: o.name,
    scale: o.scale,
    datums: shape.images + shape.labels + shape.bboxes,
    insert,
    queries,
    tree,
    firstRows,
    ...(overview ? { overview } : {}),
  };
}

function log(store: string, what: string) {
  console.error(`[bench] ${store}: ${what}`);
}

/** How many base rows (in base order) the first `wanted` complete rows span. */
function baseRowsNeeded(rows: Row[], wanted: number, baseOrder: () => string[]): number {
  const order = baseOrder();
  const last = rows[wanted - 1]?.image_id;
  return last ? order.indexOf(last) + 1 : order.length;
}

async function measureBaseline(
  raw: Store,
  query: unknown,
  datumsWanted: number | undefined,
  rows: number,
  images: number,
) {
  if (datumsWanted !== undefined) {
    const t0 = performance.now();
    await perRowQuery(raw, query, { datumsWanted });
    return { baselineMs: performance.now() - t0, baselineNote: 'measured whole' };
  }
  const t0 = performance.now();
  const r = await perRowQuery(raw, query, { maxBaseRows: rows });
  const ms = performance.now() - t0;
  return {
    baselineMs: (ms / r.baseRowsVisited) * images,
    baselineNote: `${r.baseRowsVisited} base rows measured (${(ms / 1000).toFixed(1)} s), extrapolated linearly to ${images}`,
  };
}

async function measureInserts(dl: Datalake, raw: Store) {
  const n = 2000;
  let t0 = performance.now();
  for (let i = 0; i < n; i++) await dl.addDatum({ type: 'note', i }, { project: 'bench-insert' });
  const perRowPerSec = n / ((performance.now() - t0) / 1000);
  const docs: DatumDocument[] = Array.from({ length: 20_000 }, (_, i) => ({
    _id: new ObjectId(),
    data: { type: 'note', i },
    registry_uri: null,
    registry_key: null,
    derived_from: null,
    metadata: { project: 'bench-insert-floor' },
    added_at: new Date(),
  }));
  t0 = performance.now();
  for (let i = 0; i < docs.length; i += 5000) await raw.insertMany(docs.slice(i, i + 5000));
  const floorPerSec = docs.length / ((performance.now() - t0) / 1000);
  return { bulkPerSec: 0, perRowPerSec, floorPerSec };
}

async function measureTree(dl: Datalake, counter: ReturnType<typeof countingStore>, runs: number) {
  const [root] = await dl.addData([{ data: { type: 'tree-root' }, metadata: { project: 'bench-tree' } }]);
  let level = [root.id];
  let nodes = 1;
  let levels = 0;
  for (const width of [10, 10, 10, 9]) {
    const items: NewDatum[] = [];
    for (const parent of level)
      for (let i = 0; i < width && nodes + items.length < 10_000; i++) {
        items.push({ data: { type: 'tree-node' }, metadata: {}, derivedFrom: parent });
      }
    if (items.length === 0) break;
    level = (await dl.addData(items)).map((d) => d.id);
    nodes += items.length;
    levels++;
  }
  counter.reset();
  const r = await median(runs, () => dl.getIndirectlyDerivedData(root.id));
  if (r.value.length !== nodes) throw new Error(`tree walk returned ${r.value.length} of ${nodes} nodes`);
  return { nodes, ms: r.ms, calls: counter.calls() / runs, levels };
}

async function measureFirstRows(dl: Datalake, runs: number) {
  const [query] = [QUERIES['three levels'].query];
  const stream = await median(runs, async () => {
    const it = dl.queryDataStream(query);
    const first = await it.next();
    await it.return(undefined);
    return first.value?.rows.length ?? 0;
  });
  const wanted = await median(runs, () => dl.queryData(query, { datumsWanted: 100 }));
  return { streamMs: stream.ms, wantedMs: wanted.ms };
}
