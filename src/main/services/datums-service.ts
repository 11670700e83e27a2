/**
 * Datums for the renderer: batched lookups in the contract's JSON shape, with optional projections,
 * payload summaries (and hash checks) for registry datums, and each datum's picture for thumbnails.
 */
import type { CallInput, CallOutput, DatumJson, PayloadProblem, PayloadSummary } from '#shared/contract';
import { RegistryError } from '#shared/errors';
import type { Datalake, Datum, ObjectDescription } from '../engine';
import { toDatumJson } from './datum-json';
import type { DatalakeLender } from './query-service';

/** Registry objects read at once (each is a few file reads or HTTP requests). */
const DESCRIBE_CONCURRENCY = 8;

/** A registry payload as described (and possibly verified), or what went wrong reading it. */
export type Described = { description: ObjectDescription; verified?: boolean } | PayloadProblem;

export class DatumsService {
  constructor(private readonly lender: DatalakeLender) {}

  async get(input: CallInput<'datums.get'>): Promise<CallOutput<'datums.get'>> {
    const lease = await this.lender.acquire();
    try {
      const dl = lease.datalake;
      const found = await dl.findData(input.ids);
      const out: Array<DatumJson | null> = found.map((d) => (d ? toDatumJson(d, input.fields) : null));
      const descriptions = new Map<string, Described>();
      const present = found.filter((d): d is Datum => d !== null);
      if (input.payload || input.preview) {
        const registryDatums = present.filter((d) => d.registryUri && d.registryKey);
        await forEachLimited(registryDatums, DESCRIBE_CONCURRENCY, async (d) => {
          descriptions.set(d.id, await describePayloadOf(dl, d, Boolean(input.verify)));
        });
      }
      if (input.payload) {
        for (const json of out) {
          const description = json && descriptions.get(json.id);
          if (description) json.payload = toSummary(description);
        }
      }
      if (input.preview) {
        const previews = await findPreviews(dl, present, descriptions);
        for (const json of out) if (json) json.previewId = previews.get(json.id) ?? null;
      }
      return { datums: out };
    } finally {
      lease.release();
    }
  }
}

export async function describePayloadOf(dl: Datalake, datum: Datum, verify: boolean): Promise<Described> {
  try {
    const description = await dl.describePayload(datum);
    if (!verify) return { description };
    const check = await dl.verifyPayload(datum);
    if (check.ok === false) {
      return {
        problem: 'corrupt',
        message: `The payload's files do not match its recorded hash (expected ${check.expected}, found ${check.actual}): it was changed or damaged after it was written`,
      };
    }
    return { description, verified: check.ok ?? undefined };
  } catch (err) {
    if (err instanceof RegistryError && /does not exist/.test(err.message)) {
      return {
        problem: 'missing',
        message: `The registry object ${datum.registryKey} is missing from ${datum.registryUri}`,
      };
    }
    return { problem: 'unreadable', message: (err as Error).message };
  }
}

function toSummary(described: Described): PayloadSummary | PayloadProblem {
  if ('problem' in described) return described;
  const d = described.description;
  return {
    kind: d.kind,
    className: d.info.className,
    materializer: d.info.materializer,
    version: d.info.version,
    files: d.files,
    size: d.size,
    mainFile: d.mainFile,
    mediaType: d.mediaType,
    ...(d.image ? { image: d.image } : {}),
    ...(d.array ? { array: d.array } : {}),
    hash: d.info.hash,
    ...(described.verified !== undefined ? { verified: described.verified } : {}),
  };
}

/** Numpy arrays that can be drawn: 8-bit, height × width with 1, 3 or 4 channels. */
export function isDrawableArray(array: { shape: number[]; dtype: string } | undefined): boolean {
  if (!array || !/^[|<>=]?u1$/.test(array.dtype)) return false;
  const [h, w, c] = array.shape;
  if (array.shape.length === 2) return h > 0 && w > 0;
  return array.shape.length === 3 && h > 0 && w > 0 && [1, 3, 4].includes(c);
}

function isPicture(d: Described | undefined): boolean {
  if (!d || 'problem' in d) return false;
  const { kind, array } = d.description;
  return kind === 'image' || (kind === 'ndarray' && isDrawableArray(array));
}

/**
 * Each datum's picture: itself when its payload is an image, else its oldest registry child whose payload
 * is one (one query for the children of every datum asked about).
 */
export async function findPreviews(
  dl: Datalake,
  datums: Datum[],
  descriptions: Map<string, Described>,
): Promise<Map<string, string>> {
  const previews = new Map<string, string>();
  for (const d of datums) if (isPicture(descriptions.get(d.id))) previews.set(d.id, d.id);
  const rest = datums.filter((d) => !previews.has(d.id) && !d.registryUri).map((d) => d.id);
  if (rest.length === 0) return previews;
  const children = await dl.childKeys(rest, { registry_uri: { $ne: null } });
  const byParent = new Map<string, string[]>();
  for (const c of children) byParent.set(c.parent!, [...(byParent.get(c.parent!) ?? []), c.id]);
  const candidates = (await dl.findData(children.map((c) => c.id))).filter((c): c is Datum => c !== null);
  const childById = new Map(candidates.map((c) => [c.id, c]));
  await forEachLimited([...byParent.entries()], DESCRIBE_CONCURRENCY, async ([parent, ids]) => {
    for (const id of ids) {
      const child = childById.get(id);
      if (!child) continue;
      if (isPicture(await describePayloadOf(dl, child, false))) {
        previews.set(parent, id);
        return;
      }
    }
  });
  return previews;
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
