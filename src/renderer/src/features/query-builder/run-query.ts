/** Run and Ctrl/Cmd+Enter: the builder's query goes to the results feature, which streams it into the grid. */
import type { QueryInput } from '#shared/query/types';
import { runQuery } from '../results/index';
import { useBuilder } from './builder-store';

/** Starts a run of the query as the builder holds it; false (and nothing runs) while Run is blocked. */
export function runBuiltQuery(): boolean {
  const request = useBuilder.getState().runRequest();
  if (!request) return false;
  void runQuery(request.query as QueryInput, request.options);
  // The results sit under the cards: when they are out of sight, bring their top into view so the first
  // rows are seen arriving (and leave the page alone when they are already visible).
  const results = document.querySelector('[data-testid="query-results"]');
  if (results && results.getBoundingClientRect().top > window.innerHeight - 160)
    results.scrollIntoView({ block: 'start', behavior: 'smooth' });
  return true;
}

/** Ctrl+Enter (Cmd+Enter on macOS) anywhere in the builder, the JSON editor included. */
export function isRunShortcut(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }) {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey;
}

/** How the shortcut is written on this platform (read when drawn: modules also load outside a browser). */
export function runShortcut(): { label: string; aria: string } {
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  return mac ? { label: '⌘ Enter', aria: 'Meta+Enter' } : { label: 'Ctrl+Enter', aria: 'Control+Enter' };
}
