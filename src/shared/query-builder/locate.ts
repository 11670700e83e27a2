/**
 * Where a validation error belongs. The validator puts the stage index and the JSON path of the offending
 * key in `details` (see src/shared/query/validate.ts); this turns them into the card and condition that
 * show that key, and into the characters of the JSON text to mark.
 */
import type { NodePaths } from './decode';
import { type ParsedText, rangeOfPath, type TextRange } from './json-text';
import type { JsonPath, QueryCards } from './model';

export type StageField = 'column' | 'strategy' | 'derivedFrom';

export type IssueTarget =
  | { kind: 'option'; option: 'datumsWanted' | 'transpose' }
  | { kind: 'stage'; stageId: string; field: StageField | null }
  | { kind: 'node'; stageId: string; nodeId: string }
  /** An error the cards cannot place (e.g. a stage the cards do not have). */
  | { kind: 'query' };

export interface ErrorLike {
  message: string;
  details?: Record<string, unknown>;
}

const FIELDS: Record<string, StageField> = {
  column: 'column',
  strategy: 'strategy',
  derived_from: 'derivedFrom',
};

const isPath = (v: unknown): v is JsonPath =>
  Array.isArray(v) && v.every((k) => typeof k === 'string' || typeof k === 'number');

const startsWith = (path: JsonPath, prefix: JsonPath) =>
  prefix.length <= path.length && prefix.every((k, i) => path[i] === k);

/** The card, and the condition node when there is one, that an error is about. */
export function issueTarget(error: ErrorLike, cards: QueryCards, paths: NodePaths): IssueTarget {
  const details = error.details ?? {};
  if (details.option === 'datumsWanted' || details.option === 'transpose') {
    return { kind: 'option', option: details.option };
  }
  const index = details.index;
  if (typeof index !== 'number' || !cards.stages[index]) return { kind: 'query' };
  const stageId = cards.stages[index].id;
  const path = isPath(details.path) ? details.path : [];
  if (path.length === 1 && typeof path[0] === 'string' && path[0] in FIELDS) {
    return { kind: 'stage', stageId, field: FIELDS[path[0]] };
  }
  if (path.length === 0) return { kind: 'stage', stageId, field: null };
  // The node whose own place is the longest prefix of the error's path; else the first node inside it.
  let best: { id: string; length: number } | null = null;
  let within: string | null = null;
  for (const [id, where] of paths) {
    if (where.stage !== index || id === stageId) continue;
    if (startsWith(path, where.path)) {
      if (!best || where.path.length > best.length) best = { id, length: where.path.length };
    } else if (within === null && startsWith(where.path, path)) {
      within = id;
    }
  }
  const nodeId = best?.id ?? within;
  return nodeId ? { kind: 'node', stageId, nodeId } : { kind: 'stage', stageId, field: null };
}

/**
 * The characters of the JSON text to mark for an error: its key, or the nearest enclosing part of the
 * text that exists. `single` says the text holds one query object rather than a list.
 */
export function issueRange(error: ErrorLike, parsed: ParsedText, single: boolean): TextRange | null {
  if (!parsed.ok) return null;
  const details = error.details ?? {};
  if (typeof details.index !== 'number') return null;
  const inStage = isPath(details.path) ? details.path : [];
  let path: JsonPath = single ? [...inStage] : [details.index, ...inStage];
  while (true) {
    const range = rangeOfPath(parsed, path);
    if (range) return range;
    if (path.length === 0) return null;
    path = path.slice(0, -1);
  }
}
