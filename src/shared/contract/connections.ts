/** Connections: the embedded default datalake and saved MongoDB connections; exactly one is active. */
import { z } from 'zod';
import { REGISTRY_GENERATIONS } from '../registry-generation';

export const timestampModeSchema = z.enum(['utc', 'local-as-utc']);

/** The registry layout generation the app writes a new registry in (an existing one keeps its own). */
export const registryGenerationSchema = z.enum(REGISTRY_GENERATIONS);

/** A saved or built-in connection. Never carries a password: `uriRedacted` shows `***` in its place. */
export const connectionSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['embedded', 'mongodb']),
  uriRedacted: z.string().optional(),
  dbName: z.string().optional(),
  path: z.string().optional(),
  /** The local registry (a `file://` URI) where the app stores payloads for this connection. */
  registryUri: z.string().optional(),
  /** The layout of registries that do not exist yet (the local one included); see README "Compatibility". */
  registryGeneration: registryGenerationSchema,
  timestamps: timestampModeSchema,
  isDefault: z.boolean(),
});
export type Connection = z.output<typeof connectionSchema>;

const mongoUri = z.string().trim().min(1, 'a MongoDB connection string');
const dbName = z.string().trim().min(1, 'a database name');
const connectionName = z.string().trim().min(1, 'a name').max(200);

export const connectionsCalls = {
  'connections.list': {
    input: z.object({}),
    output: z.object({ connections: z.array(connectionSchema), activeId: z.string() }),
  },
  'connections.add': {
    input: z.object({
      name: connectionName,
      kind: z.literal('mongodb'),
      uri: mongoUri,
      dbName,
      timestamps: timestampModeSchema.optional(),
      registryGeneration: registryGenerationSchema.optional(),
    }),
    output: connectionSchema,
  },
  'connections.update': {
    /** A `***` password in `uri` keeps the saved one (the form shows the redacted URI). */
    input: z.object({
      id: z.string().min(1),
      name: connectionName.optional(),
      uri: mongoUri.optional(),
      dbName: dbName.optional(),
      timestamps: timestampModeSchema.optional(),
      registryGeneration: registryGenerationSchema.optional(),
    }),
    output: connectionSchema,
  },
  'connections.delete': {
    input: z.object({ id: z.string().min(1) }),
    output: z.object({ deleted: z.boolean(), activeId: z.string() }),
  },
  'connections.test': {
    /** Either a saved `id`, or an unsaved `uri` + `dbName`; with both, a `***` password in `uri` uses the saved one. */
    input: z
      .object({
        id: z.string().min(1).optional(),
        uri: mongoUri.optional(),
        dbName: dbName.optional(),
        timeoutMs: z.number().int().min(100).max(60_000).optional(),
      })
      .refine((v) => v.id !== undefined || (v.uri !== undefined && v.dbName !== undefined), {
        message: 'give either a connection id, or a uri and a dbName',
      }),
    output: z.object({
      ok: z.boolean(),
      message: z.string(),
      latencyMs: z.number().nonnegative(),
      serverVersion: z.string().optional(),
    }),
  },
  'connections.activate': {
    input: z.object({ id: z.string().min(1) }),
    output: connectionSchema,
  },
} as const;

export const connectionsEvents = {
  /** A broadcast: every window and socket follows the active connection. */
  'connections.changed': z.object({ activeId: z.string() }),
} as const;
