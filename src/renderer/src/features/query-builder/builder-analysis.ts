/**
 * What is wrong with the query being built, and where: the shared validator's issues placed at their card,
 * condition and characters of the JSON text, duplicate JSON keys (a warning: the last one wins), and the
 * one reason Run gives while it cannot run.
 */
import { validateQueryIssues } from '#shared/query/validate';
import {
  type DuplicateKey,
  type IssueTarget,
  issueRange,
  issueTarget,
  type NodePaths,
  type ParsedText,
  parseNumber,
  type QueryCards,
  type TextRange,
} from '#shared/query-builder/index';

export interface Problem {
  key: string;
  message: string;
  severity: 'error' | 'warning';
  target: IssueTarget;
  range: TextRange | null;
}

export interface AnalysisInput {
  cards: QueryCards;
  paths: NodePaths;
  parsed: ParsedText;
  single: boolean;
  rowsWanted: number | undefined;
  transpose: boolean;
}

export function analyse(input: AnalysisInput): Problem[] {
  const { cards, paths, parsed, single } = input;
  if (!parsed.ok) return [];
  const issues = validateQueryIssues(parsed.value as never, {
    datumsWanted: input.rowsWanted,
    transpose: input.transpose,
  });
  const problems: Problem[] = issues.map((issue, i) => ({
    key: `e${i}`,
    message: issue.message,
    severity: 'error',
    target: issueTarget(issue, cards, paths),
    range: issueRange(issue, parsed, single),
  }));
  parsed.duplicates.forEach((dup, i) => {
    problems.push(duplicateProblem(dup, i, input));
  });
  return problems;
}

function duplicateProblem(dup: DuplicateKey, i: number, { cards, paths, single }: AnalysisInput): Problem {
  const [index, ...path] = single ? [0, ...dup.path] : dup.path;
  const details = { index, path };
  return {
    key: `w${i}`,
    message: `Duplicate key "${dup.key}": only the last one counts`,
    severity: 'warning',
    target:
      typeof index === 'number' ? issueTarget({ message: '', details }, cards, paths) : { kind: 'query' },
    range: dup.range,
  };
}

/** `Rows wanted` as typed: empty for no limit, else a number the validator then checks. */
export function parseRowsWanted(text: string): { value: number | undefined; error: string | null } {
  if (text.trim() === '') return { value: undefined, error: null };
  const n = parseNumber(text);
  return n.ok ? { value: n.value, error: null } : { value: undefined, error: `Rows wanted: ${n.error}` };
}

export interface RunBlockInput {
  textProblem: { message: string } | null;
  rowsWantedError: string | null;
  drafts: Record<string, string>;
  problems: Problem[];
  stageCount: number;
}

/** Why Run cannot run this query now, or null when it can. */
export function runBlocker(s: RunBlockInput): string | null {
  if (s.textProblem) return s.textProblem.message;
  if (s.rowsWantedError) return s.rowsWantedError;
  const draft = Object.values(s.drafts)[0];
  if (draft) return draft;
  const error = s.problems.find((p) => p.severity === 'error');
  if (error) return error.message;
  if (s.stageCount === 0) return 'Add a base stage to build a query';
  return null;
}
