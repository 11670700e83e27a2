/** The floor per store: the fewest driver/SQL calls that produce the benchmark queries' answers. */
import type { Collection, Document } from 'mongodb';
import type { Row } from '#shared/query/types';
import { PROJECT } from './dataset';
import { floorMongo } from './floor-mongo';

export interface Floor {
  /** [BASE, LBL(latest), BOX(latest | missing)] over the first `baseLimit` base rows (all by default). */
  run(boxMissing: boolean, baseLimit?: number): Promise<Row[]>;
  /** The base ids of the last full run, in base order. */
  baseOrder(): string[];
}

const BASE = { 'metadata.project': PROJECT, 'data.type': 'image' };
const LABEL = { 'data.type': 'classification' };
const BOX = { 'data.type': 'bbox' };

export function mongoFloor(col: Collection<Document>): Floor {
  let order: string[] = [];
  return {
    async run(boxMissing, baseLimit) {
      const rows = await floorMongo(col, BASE, LABEL, BOX, boxMissing, baseLimit, (ids) => {
        if (baseLimit === undefined) order = ids;
      });
      return rows;
    },
    baseOrder: () => order,
  };
}

export { embeddedFloor } from './floor-embedded';
