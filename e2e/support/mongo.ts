/** The MongoDB test server for the specs that need one (FerretDB started by `npm test`, or a real MongoDB). */
import { MongoClient } from 'mongodb';

export function requireMongoUri(): string {
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    throw new Error(
      'MONGODB_URI is not set, so the MongoDB specs cannot run. Run the whole suite with `npm test` (it starts ' +
        'the test servers), or start them yourself: `node --import tsx scripts/services.ts start` then ' +
        '`eval "$(node --import tsx scripts/services.ts env)"` before `npx playwright test`.',
    );
  }
  return uri;
}

/** A database name no other test (or earlier run) uses. */
export function uniqueDbName(prefix: string): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `${prefix}_${Date.now().toString(36)}_${random}`;
}

export async function dropDatabase(uri: string, dbName: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    await client.db(dbName).dropDatabase();
  } finally {
    await client.close();
  }
}
