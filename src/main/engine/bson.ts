/**
 * The one `bson` instance of the process. bson ships separate ESM and CommonJS builds; the MongoDB
 * driver loads the CommonJS one, and values of one build fail `instanceof` checks of the other (and
 * vitest's module runner can even serialize them wrongly). So all engine code imports BSON types from
 * here, which loads the same CommonJS build as the driver.
 */
import { createRequire } from 'node:module';

type Bson = typeof import('bson');
const bson = createRequire(import.meta.url)('bson') as Bson;
// The query executor keys maps by hex id many times per row; caching the hex string saves re-encoding.
bson.ObjectId.cacheHexString = true;

export const { ObjectId, Binary, EJSON, BSON, Long, Decimal128, Timestamp, BSONRegExp, Double, Int32 } = bson;
export type ObjectId = import('bson').ObjectId;
export type Binary = import('bson').Binary;
export type Document = import('bson').Document;
