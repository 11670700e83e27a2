/**
 * The graph's route: `#/graph/<focusId>`, optionally `?row=<id>,<id>,…` (a query row's ids in column
 * order, as `query.open` lists the columns) and `&query=<the query list as JSON>` (so each stage's filter
 * and strategy find the candidates the pick was chosen from), and `&depth=<1–4>`. Everything is in the
 * address, so a link from the results grid survives a reload and can be shared.
 */
import { toHash } from '../../app/routing/hash-route';

export interface GraphLink {
  row?: string[];
  query?: unknown;
  depth?: number;
}

/** The href of the graph focused on `focus` (for a query row: its first column's id). */
export function graphHref(focus: string, link: GraphLink = {}): string {
  return toHash(`/graph/${focus}`, {
    row: link.row && link.row.length > 0 ? link.row.join(',') : undefined,
    query: link.query === undefined ? undefined : JSON.stringify(link.query),
    depth: link.depth === undefined ? undefined : String(link.depth),
  });
}

export interface GraphRouteParams {
  row: string[] | null;
  query: unknown;
  depth: number;
  /** What in the address could not be read (the graph still opens on its focus). */
  problem: string | null;
}

const ID = /^[0-9a-f]{24}$/i;

export function parseGraphParams(params: URLSearchParams): GraphRouteParams {
  const out: GraphRouteParams = { row: null, query: undefined, depth: 1, problem: null };
  const depth = Number(params.get('depth') ?? '1');
  out.depth = Number.isInteger(depth) && depth >= 1 && depth <= 4 ? depth : 1;
  const row = params.get('row');
  if (row) {
    const ids = row.split(',').map((s) => s.trim().toLowerCase());
    const bad = ids.filter((id) => !ID.test(id));
    if (bad.length > 0) out.problem = `The row holds values that are not datum ids: ${bad.join(', ')}`;
    else out.row = ids;
  }
  const query = params.get('query');
  if (query) {
    try {
      out.query = JSON.parse(query);
    } catch {
      out.problem = 'The query in the address is not valid JSON; candidates are guessed from the picks';
    }
  }
  return out;
}
