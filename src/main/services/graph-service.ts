/**
 * Lineage for the graph and the inspector, in the contract's shapes: the engine's batched reads turned into
 * small node records, registry objects checked so a missing one shows as a warning instead of breaking a
 * view, a query row's stages with their candidates, and the boxes an image's derived datums draw over it.
 */
import type { BoxJson, CallInput, CallOutput, GraphDatum, RowStage } from '#shared/contract';
import { keyFieldOf, typeOf } from '#shared/datum-key';
import { InvalidInputError, RegistryError } from '#shared/errors';
import type { QueryInput } from '#shared/query/types';
import { validateQuery } from '#shared/query/validate';
import type { Datalake, Datum } from '../engine';
import { toExtendedJson } from './datum-json';
import type { DatalakeLender } from './query-service';

/** Registry objects checked at once (each is a commit-file read: a file or an HTTP request). */
const CHECK_CONCURRENCY = 8;
const MAX_CANDIDATE_IDS = 1000;
const MAX_CANDIDATE_NODES = 50;
const MAX_BOXES = 500;

export class GraphService {
  constructor(private readonly lender: DatalakeLender) {}

  private async with<T>(fn: (dl: Datalake) => Promise<T>): Promise<T> {
    const lease = await this.lender.acquire();
    try {
      return await fn(lease.datalake);
    } finally {
      lease.release();
    }
  }

  ancestors(input: CallInput<'graph.ancestors'>): Promise<CallOutput<'graph.ancestors'>> {
    return this.with(async (dl) => {
      const found = await dl.ancestors(input.ids);
      return {
        datums: await toGraphDatums(dl, found.datums),
        dangling: found.dangling,
        unknown: found.unknown,
      };
    });
  }

  children(input: CallInput<'graph.children'>): Promise<CallOutput<'graph.children'>> {
    const expandAt = input.expandAt ?? 5;
    return this.with(async (dl) => {
      const groups = await dl.childTypeGroups(input.parents);
      const small = groups.filter((g) => g.count <= expandAt);
      const datums = await toGraphDatums(dl, await dl.childrenOfGroups(small));
      const byGroup = new Map<string, GraphDatum[]>();
      for (const d of datums) {
        const key = groupKey(d.derivedFrom!, d.type);
        byGroup.set(key, [...(byGroup.get(key) ?? []), d]);
      }
      return {
        groups: groups.map((g) =>
          g.count <= expandAt ? { ...g, datums: byGroup.get(groupKey(g.parent, g.type)) ?? [] } : g,
        ),
      };
    });
  }

  clusterPage(input: CallInput<'graph.clusterPage'>): Promise<CallOutput<'graph.clusterPage'>> {
    return this.with(async (dl) => {
      const page = await dl.childPage(input.parent, input.type, {
        search: input.search,
        after: input.after ?? null,
        limit: input.limit,
      });
      return { datums: await toGraphDatums(dl, page.datums), next: page.next };
    });
  }

  row(input: CallInput<'graph.row'>): Promise<CallOutput<'graph.row'>> {
    return this.with(async (dl) => {
      const found = await dl.findData(input.row);
      const missing = input.row.filter((_, i) => found[i] === null);
      if (missing.length > 0) {
        throw new InvalidInputError(`The row names datums that do not exist: ${missing.join(', ')}`, {
          ids: missing,
        });
      }
      const datums = found as Datum[];
      const plans = planRowStages(datums, input.query as QueryInput | undefined);
      const stages: RowStage[] = [];
      for (const plan of plans) {
        if (plan.parent === null) {
          stages.push({ ...plan, candidates: [], candidateCount: 0 });
          continue;
        }
        const keys = await dl.childKeys([plan.parent], plan.filter);
        const candidates = keys.map((k) => k.id);
        const stage: RowStage = {
          ...plan,
          candidates: candidates.slice(0, MAX_CANDIDATE_IDS),
          candidateCount: candidates.length,
        };
        if (candidates.length <= MAX_CANDIDATE_NODES) {
          const nodes = (await dl.findData(candidates)).filter((d): d is Datum => d !== null);
          stage.candidateDatums = await toGraphDatums(dl, nodes);
        }
        stages.push(stage);
      }
      return { stages };
    });
  }

  boxes(input: CallInput<'graph.boxes'>): Promise<CallOutput<'graph.boxes'>> {
    return this.with(async (dl) => {
      const children = await dl.childKeys([input.id]);
      const childIds = children.map((c) => c.id);
      const geometry = { 'data.x': { $exists: true }, 'data.y': { $exists: true } };
      // Boxes derive from the image itself or from one of its children (a classification, as in the sample).
      const keys = [
        ...(await dl.childKeys([input.id], geometry)),
        ...(childIds.length > 0 ? await dl.childKeys(childIds, geometry) : []),
      ];
      const truncated = keys.length > MAX_BOXES;
      const boxDatums = (await dl.findData(keys.slice(0, MAX_BOXES).map((k) => k.id))).filter(
        (d): d is Datum => d !== null,
      );
      const parentIds = [...new Set(boxDatums.map((b) => b.derivedFrom!).filter((p) => p !== input.id))];
      const parents = new Map(
        (parentIds.length > 0 ? await dl.findData(parentIds) : [])
          .filter((d): d is Datum => d !== null)
          .map((d) => [d.id, d]),
      );
      const boxes: BoxJson[] = [];
      for (const b of boxDatums) {
        const box = toBox(b, parents.get(b.derivedFrom!));
        if (box) boxes.push(box);
      }
      return { boxes, truncated };
    });
  }
}

const groupKey = (parent: string, type: string | null) => `${parent}\u0000${type ?? '\u0001'}`;

/** Node records, with registry objects checked through their commit files (a few at a time). */
export async function toGraphDatums(dl: Datalake, datums: Datum[]): Promise<GraphDatum[]> {
  const out = datums.map(toGraphDatum);
  let next = 0;
  const worker = async () => {
    while (next < datums.length) {
      const i = next++;
      const d = datums[i];
      if (!d.registryUri || !d.registryKey) continue;
      try {
        await dl.describePayload(d);
      } catch (err) {
        out[i].problem =
          err instanceof RegistryError && /does not exist/.test(err.message)
            ? {
                problem: 'missing',
                message: `The registry object ${d.registryKey} is missing from ${d.registryUri}`,
              }
            : { problem: 'unreadable', message: (err as Error).message };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHECK_CONCURRENCY, datums.length) }, worker));
  return out;
}

export function toGraphDatum(d: Datum): GraphDatum {
  const data = toExtendedJson(d.data);
  const registry = d.registryUri && d.registryKey ? { uri: d.registryUri, key: d.registryKey } : null;
  return {
    id: d.id,
    derivedFrom: d.derivedFrom,
    type: typeOf(data),
    key: keyFieldOf(data) ?? (registry ? keyFieldOf(toExtendedJson(d.metadata)) : null),
    addedAt: d.addedAt.toISOString(),
    registry,
  };
}

type StagePlan = Omit<RowStage, 'candidates' | 'candidateCount' | 'candidateDatums'>;

/**
 * Which parent and filter give each stage's candidates. With the query: the stage's own filter under the
 * row's id in its `derived_from` column. Without it: the pick's siblings of the same `data.type`.
 */
function planRowStages(datums: Datum[], query: QueryInput | undefined): StagePlan[] {
  if (query === undefined) {
    return datums.map((d, i) => {
      const type = typeOf(toExtendedJson(d.data));
      return {
        column: `column ${i + 1}`,
        id: d.id,
        strategy: null,
        parent: i === 0 ? null : d.derivedFrom,
        filter:
          i === 0 || d.derivedFrom === null ? {} : { 'data.type': type ?? { $not: { $type: 'string' } } },
      };
    });
  }
  const stages = validateQuery(query).filter((s) => s.strategy !== 'missing');
  if (stages.length !== datums.length) {
    throw new InvalidInputError(
      `The row has ${datums.length} id${datums.length === 1 ? '' : 's'} but the query has ${stages.length} column${stages.length === 1 ? '' : 's'} (${stages.map((s) => s.column).join(', ')})`,
      { row: datums.length, columns: stages.map((s) => s.column) },
    );
  }
  const idOf = new Map(stages.map((s, i) => [s.column, datums[i].id]));
  return stages.map((s, i) => ({
    column: s.column,
    id: datums[i].id,
    strategy: s.derivedFrom === null ? null : s.strategy,
    parent: s.derivedFrom === null ? null : (idOf.get(s.derivedFrom) ?? null),
    filter: s.filter,
  }));
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A datum with `x`, `y` and `width`/`height` (or `w`/`h`) in its data; label and confidence fall back to its parent's. */
function toBox(d: Datum, parent: Datum | undefined): BoxJson | null {
  const data = toExtendedJson(d.data) as Record<string, unknown> | null;
  if (!data || typeof data !== 'object') return null;
  const x = num(data.x);
  const y = num(data.y);
  const width = num(data.width) ?? num(data.w);
  const height = num(data.height) ?? num(data.h);
  if (x === null || y === null || width === null || height === null) return null;
  const from = (toExtendedJson(parent?.data) ?? {}) as Record<string, unknown>;
  const label = data.label ?? data.class ?? from.label ?? from.class;
  return {
    id: d.id,
    type: typeOf(data),
    label: typeof label === 'string' ? label : null,
    confidence: num(data.confidence) ?? num(data.score) ?? num(from.confidence),
    x,
    y,
    width,
    height,
    parent: d.derivedFrom!,
  };
}
