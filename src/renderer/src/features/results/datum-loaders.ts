/**
 * The grid's two caches over `datums.get`: field values of the rows on screen (projected to the chosen
 * fields), and thumbnails (each datum's picture: itself or a registry child; numpy image arrays drawn as PNG
 * by the host). One pair per results view; both bounded.
 */
import { MAX_DATUMS_PER_GET } from '#shared/contract';
import { getClient } from '../../api/client';
import { payloadUrl } from '../../api/payload-url';
import { BatchLoader } from './batch-loader';
import { valueAt } from './field-values';

/** What the grid knows of one datum: the chosen fields' values, and whether it could have a picture. */
export interface DatumFields {
  values: Record<string, unknown>;
  /** The datum keeps its payload in a registry (it may be a picture itself). */
  inRegistry: boolean;
  /** The datum does not exist (deleted since the query ran). */
  missing: boolean;
}

/** The field every fetch includes: it tells which datums are images worth a thumbnail lookup. */
export const TYPE_FIELD = 'data.type';

/** Field values for up to this many datum×fieldset entries are kept (enough to sort 100k rows by one). */
const FIELD_CAPACITY = 150_000;
const THUMB_CAPACITY = 5_000;

export const fieldsKey = (fields: string[]): string => [...new Set([TYPE_FIELD, ...fields])].sort().join(',');

export function createFieldLoader(onError?: (err: unknown) => void): BatchLoader<DatumFields> {
  return new BatchLoader<DatumFields>({
    batchSize: MAX_DATUMS_PER_GET,
    capacity: FIELD_CAPACITY,
    onError,
    async load(key, ids) {
      const fields = key.split(',');
      const { datums } = await getClient().call('datums.get', { ids, fields });
      const out = new Map<string, DatumFields>();
      ids.forEach((id, i) => {
        const d = datums[i];
        if (!d) {
          out.set(id, { values: {}, inRegistry: false, missing: true });
          return;
        }
        const values: Record<string, unknown> = {};
        for (const f of fields) values[f] = valueAt(d, f);
        out.set(id, { values, inRegistry: d.registryUri !== null, missing: false });
      });
      return out;
    },
  });
}

/** A thumbnail's source, or null when the datum has no picture. */
export type Thumbnail = { url: string } | null;
export const THUMB_KEY = 'thumb';

/** Datums worth a picture lookup: registry payloads (maybe images) and inline datums typed as images. */
export function mayHavePicture(fields: DatumFields | undefined): boolean {
  if (!fields || fields.missing) return false;
  const type = fields.values[TYPE_FIELD];
  return fields.inRegistry || (typeof type === 'string' && /image|picture|photo|frame/i.test(type));
}

export function createThumbnailLoader(onError?: (err: unknown) => void): BatchLoader<Thumbnail> {
  return new BatchLoader<Thumbnail>({
    batchSize: 200,
    capacity: THUMB_CAPACITY,
    concurrency: 2,
    onError,
    async load(_key, ids) {
      const client = getClient();
      const { datums } = await client.call('datums.get', { ids, preview: true, payload: true, fields: [] });
      const out = new Map<string, Thumbnail>();
      // A picture kept in a child: its kind (image file or numpy array) decides how it is asked for.
      const children = new Map<string, string[]>();
      ids.forEach((id, i) => {
        const d = datums[i];
        const preview = d?.previewId ?? null;
        if (!d || !preview) out.set(id, null);
        else if (preview === id) out.set(id, { url: pictureUrl(id, d.payload) });
        else children.set(preview, [...(children.get(preview) ?? []), id]);
      });
      const childIds = [...children.keys()];
      for (let i = 0; i < childIds.length; i += MAX_DATUMS_PER_GET) {
        const chunk = childIds.slice(i, i + MAX_DATUMS_PER_GET);
        const { datums: kids } = await client.call('datums.get', { ids: chunk, payload: true, fields: [] });
        chunk.forEach((childId, j) => {
          const url = pictureUrl(childId, kids[j]?.payload);
          for (const parent of children.get(childId) ?? []) out.set(parent, { url });
        });
      }
      return out;
    },
  });
}

function pictureUrl(id: string, payload: unknown): string {
  const kind = payload && typeof payload === 'object' && 'kind' in payload ? payload.kind : undefined;
  return kind === 'ndarray' ? payloadUrl(id, { as: 'png' }) : payloadUrl(id);
}
