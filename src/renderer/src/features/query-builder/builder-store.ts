/**
 * The query being built, held twice in step: as cards and as the JSON text. A card edit rewrites the
 * text; a text edit rebuilds the cards (while the text cannot be read as a query, the cards keep showing
 * the last query it held, read-only, and the text's problem is the reason Run gives). Either way the
 * query is validated again and each problem placed at its card, condition and characters.
 */
import { create } from 'zustand';
import type { DatalakeError } from '#shared/errors';
import {
  addStage,
  encodeCards,
  formatQueryJson,
  type NodePaths,
  type ParsedText,
  parseJsonText,
  type QueryCards,
  queryToCards,
  rangeOfPath,
  type SchemaField,
  type TextRange,
} from '#shared/query-builder/index';
import { getClient } from '../../api/client';
import { analyse, type Problem, parseRowsWanted, runBlocker } from './builder-analysis';

export interface TextProblem {
  message: string;
  range: TextRange | null;
}

interface SchemaState {
  connectionId: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  fields: SchemaField[];
  error: DatalakeError | null;
}

interface BuilderState {
  cards: QueryCards;
  paths: NodePaths;
  text: string;
  parsed: ParsedText;
  /** The text holds one query object rather than a list. */
  single: boolean;
  textProblem: TextProblem | null;
  problems: Problem[];
  rowsWantedText: string;
  rowsWantedError: string | null;
  transpose: boolean;
  /** Editors holding text that is not a value yet (by editor key): the message says what is wrong. */
  drafts: Record<string, string>;
  schema: SchemaState;

  editCards(edit: (cards: QueryCards) => QueryCards): void;
  setText(text: string): void;
  setRowsWanted(text: string): void;
  setTranspose(on: boolean): void;
  setDraft(key: string, message: string | null): void;
  /** The query and options to run, or null while Run is blocked (see `runBlocker`). */
  runRequest(): RunRequest | null;
  loadSchema(connectionId: string): Promise<void>;
}

export interface RunRequest {
  /** The JSON text's query as it stands (Extended JSON values; the host decodes them). */
  query: Record<string, unknown> | unknown[];
  options: { datumsWanted: number | null; transpose: boolean };
}

/** Values up to this wide stay on one line in the JSON (the editor beside the cards is narrow). */
export const JSON_WIDTH = 44;

function fromCards(cards: QueryCards) {
  const { query, paths } = encodeCards(cards);
  const text = formatQueryJson(query, JSON_WIDTH);
  return { cards, paths, text, parsed: parseJsonText(text), single: false, textProblem: null };
}

const initial = fromCards(addStage({ stages: [] }));

export const useBuilder = create<BuilderState>((set, get) => {
  /** Validates again after any change of the query or the options. */
  const withProblems = <T extends Partial<BuilderState>>(patch: T): T & { problems: Problem[] } => {
    const s = { ...get(), ...patch };
    if (s.textProblem) return { ...patch, problems: [] };
    const rows = parseRowsWanted(s.rowsWantedText);
    const problems = analyse({
      cards: s.cards,
      paths: s.paths,
      parsed: s.parsed,
      single: s.single,
      rowsWanted: rows.value,
      transpose: s.transpose,
    });
    return { ...patch, problems };
  };

  return {
    ...initial,
    problems: [],
    rowsWantedText: '',
    rowsWantedError: null,
    transpose: false,
    drafts: {},
    schema: { connectionId: null, status: 'idle', fields: [], error: null },

    editCards(edit) {
      const { cards, textProblem } = get();
      if (textProblem) return; // the cards are read-only while the text cannot be shown as cards
      const next = edit(cards);
      if (next === cards) return;
      set(withProblems({ ...fromCards(next) }));
    },

    setText(text) {
      if (text === get().text) return;
      const parsed = parseJsonText(text);
      if (!parsed.ok) {
        set({
          text,
          parsed,
          textProblem: { message: parsed.error.message, range: parsed.error },
          problems: [],
        });
        return;
      }
      const decoded = queryToCards(parsed.value);
      if (!decoded.ok) {
        const range = rangeOfPath(parsed, decoded.path);
        set({ text, parsed, textProblem: { message: decoded.error, range }, problems: [] });
        return;
      }
      // Stages keep their ids by position, so a card keeps its place (and focus) while the JSON is typed.
      const old = get().cards.stages;
      const paths: NodePaths = new Map(decoded.paths);
      const stages = decoded.cards.stages.map((stage, i) => {
        if (!old[i] || decoded.cards.stages.some((s) => s.id === old[i].id)) return stage;
        const where = paths.get(stage.id);
        paths.delete(stage.id);
        if (where) paths.set(old[i].id, where);
        return { ...stage, id: old[i].id };
      });
      set(
        withProblems({
          text,
          parsed,
          cards: { stages },
          paths,
          single: decoded.single,
          textProblem: null,
        }),
      );
    },

    setRowsWanted(text) {
      set(withProblems({ rowsWantedText: text, rowsWantedError: parseRowsWanted(text).error }));
    },

    setTranspose(on) {
      set(withProblems({ transpose: on }));
    },

    setDraft(key, message) {
      const drafts = get().drafts;
      if ((drafts[key] ?? null) === message) return;
      const next = { ...drafts };
      if (message === null) delete next[key];
      else next[key] = message;
      set({ drafts: next });
    },

    runRequest() {
      const s = get();
      if (runBlocker({ ...s, stageCount: s.cards.stages.length }) !== null || !s.parsed.ok) return null;
      const query = s.parsed.value;
      if (query === null || typeof query !== 'object') return null;
      const rows = parseRowsWanted(s.rowsWantedText).value;
      return {
        query: query as Record<string, unknown> | unknown[],
        options: { datumsWanted: rows ?? null, transpose: s.transpose },
      };
    },

    async loadSchema(connectionId) {
      const { schema } = get();
      if (schema.connectionId === connectionId && schema.status !== 'error' && schema.status !== 'idle')
        return;
      set({ schema: { connectionId, status: 'loading', fields: [], error: null } });
      try {
        const out = await getClient().call('overview.schema', {});
        if (get().schema.connectionId !== connectionId) return;
        set({ schema: { connectionId, status: 'ready', fields: out.fields, error: null } });
      } catch (err) {
        if (get().schema.connectionId !== connectionId) return;
        set({ schema: { connectionId, status: 'error', fields: [], error: err as DatalakeError } });
      }
    },
  };
});

// The first analysis (the store cannot call its own actions while being created).
useBuilder.setState((s) => ({
  problems: analyse({
    cards: s.cards,
    paths: s.paths,
    parsed: s.parsed,
    single: s.single,
    rowsWanted: undefined,
    transpose: false,
  }),
}));
