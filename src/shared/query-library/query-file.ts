/**
 * `.json` query files: what the app writes (a collection with names and options) and what it reads back —
 * that collection, one named query, or a bare query list or query object as in datalake.md §3. Every query
 * is checked by the engine's own validator, and an error names the query it is about.
 */

import type { SavedQuery, SavedQueryDraft } from '../contract/library';
import { InvalidInputError, QueryValidationError } from '../errors';
import { validateQuery } from '../query/validate';

export const QUERY_FILE_FORMAT = 'datalake-browser.queries';

interface FileQuery {
  name: string;
  description?: string;
  query: Array<Record<string, unknown>>;
  datumsWanted?: number | null;
  transpose?: boolean;
}

export function serializeQueryFile(
  queries: Array<Pick<SavedQuery, 'name' | 'description' | 'query' | 'datumsWanted' | 'transpose'>>,
): string {
  const file = {
    format: QUERY_FILE_FORMAT,
    version: 1,
    queries: queries.map(
      (q): FileQuery => ({
        name: q.name,
        ...(q.description ? { description: q.description } : {}),
        query: q.query,
        datumsWanted: q.datumsWanted,
        transpose: q.transpose,
      }),
    ),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a query file's text into drafts ready to save; throws a typed error that names what is wrong. */
export function parseQueryFile(text: string, fileName = 'query.json'): SavedQueryDraft[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError(`${fileName} is not valid JSON: ${(err as Error).message}`, { fileName });
  }
  const baseName = fileName.replace(/\.json$/i, '') || 'Imported query';
  let items: unknown[];
  if (isObject(parsed) && parsed.format === QUERY_FILE_FORMAT) {
    if (parsed.version !== 1) {
      throw new InvalidInputError(
        `${fileName} is a query file of version ${String(parsed.version)}; this app reads version 1`,
        {
          fileName,
        },
      );
    }
    if (!Array.isArray(parsed.queries))
      throw new InvalidInputError(`${fileName} has no "queries" list`, { fileName });
    items = parsed.queries;
  } else if (isObject(parsed) && 'query' in parsed) {
    items = [parsed];
  } else if (Array.isArray(parsed) || (isObject(parsed) && 'column' in parsed)) {
    items = [{ name: baseName, query: parsed }];
  } else {
    throw new InvalidInputError(
      `${fileName} holds neither a query (a list of query objects, as in the query JSON) nor a query file of this app`,
      { fileName },
    );
  }
  if (items.length === 0) throw new InvalidInputError(`${fileName} holds no queries`, { fileName });
  return items.map((item, i) => toDraft(item, i, items.length, baseName, fileName));
}

function toDraft(
  item: unknown,
  index: number,
  count: number,
  baseName: string,
  fileName: string,
): SavedQueryDraft {
  const where = count > 1 ? `query ${index + 1} of ${fileName}` : fileName;
  if (!isObject(item)) throw new InvalidInputError(`${where} is not an object`, { fileName, index });
  const name =
    typeof item.name === 'string' && item.name.trim()
      ? item.name.trim()
      : count > 1
        ? `${baseName} ${index + 1}`
        : baseName;
  const label = `${where} (“${name}”)`;
  const list = Array.isArray(item.query) ? item.query : isObject(item.query) ? [item.query] : null;
  if (!list) throw new InvalidInputError(`${label} has no query list`, { fileName, index });
  const datumsWanted = item.datumsWanted ?? null;
  const transpose = item.transpose ?? false;
  try {
    validateQuery(list as never, {
      datumsWanted: datumsWanted as number | undefined,
      transpose: transpose as boolean,
    });
  } catch (err) {
    if (err instanceof QueryValidationError) {
      throw new QueryValidationError(`${label}: ${err.message}`, {
        ...err.details,
        fileName,
        queryIndex: index,
      });
    }
    throw err;
  }
  return {
    name,
    description: typeof item.description === 'string' ? item.description : undefined,
    query: list as Array<Record<string, unknown>>,
    datumsWanted: datumsWanted as number | null,
    transpose: transpose as boolean,
  };
}
