/**
 * `<dataDir>/connections.json`: the saved MongoDB connections and which one is active. It never holds a
 * password (those go through the SecretStore); `hasPassword` only records that one was saved.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { registryGenerationSchema, timestampModeSchema } from '#shared/contract';
import { InvalidInputError } from '#shared/errors';

export const savedConnectionSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.literal('mongodb'),
  /** The connection string without its password. */
  uri: z.string().min(1),
  dbName: z.string().min(1),
  timestamps: timestampModeSchema,
  /** Absent in files written before the setting existed: the default applies. */
  registryGeneration: registryGenerationSchema.optional(),
  hasPassword: z.boolean(),
});
export type SavedConnection = z.output<typeof savedConnectionSchema>;

const fileSchema = z.object({
  version: z.literal(1),
  activeId: z.string().min(1),
  connections: z.array(savedConnectionSchema),
});
export type ConnectionsFile = z.output<typeof fileSchema>;

export const EMBEDDED_ID = 'embedded';

export function connectionsFilePath(dataDir: string): string {
  return join(dataDir, 'connections.json');
}

export async function readConnectionsFile(path: string): Promise<ConnectionsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return { version: 1, activeId: EMBEDDED_ID, connections: [] };
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError(`${path} is not valid JSON: ${(err as Error).message}`, { path });
  }
  const result = fileSchema.safeParse(parsed);
  if (!result.success) {
    throw new InvalidInputError(`${path} does not hold saved connections in the expected shape`, {
      path,
      issues: result.error.issues,
    });
  }
  return result.data;
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
export async function writeConnectionsFile(path: string, file: ConnectionsFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, path);
}
