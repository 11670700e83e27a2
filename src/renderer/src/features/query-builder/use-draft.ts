/**
 * Text typed into a value editor, kept while it is not a value yet. A valid text is committed at once
 * (so the JSON follows each keystroke); an invalid one stays in the editor and is recorded as a draft
 * problem, which Run gives as its reason. A new value from outside (the JSON editor) replaces the text,
 * unless the text already means that value (so "1.0" is not rewritten to "1" while typing).
 */
import { useEffect, useRef, useState } from 'react';
import type { Parsed } from '#shared/query-builder/index';
import { useBuilder } from './builder-store';

export function useDraft<T>(
  key: string,
  committed: T,
  format: (value: T) => string,
  parse: (text: string) => Parsed<T>,
  commit: (value: T) => void,
): { text: string; error: string | null; onChange: (text: string) => void } {
  const [text, setText] = useState(() => format(committed));
  const setDraft = useBuilder((s) => s.setDraft);
  const error = useBuilder((s) => s.drafts[key] ?? null);
  const textRef = useRef(text);
  textRef.current = text;

  const committedJson = JSON.stringify(committed);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the committed value only
  useEffect(() => {
    const parsed = parse(textRef.current);
    if (parsed.ok && JSON.stringify(parsed.value) === committedJson) return;
    setText(format(committed));
    setDraft(key, null);
  }, [committedJson]);

  useEffect(() => () => setDraft(key, null), [key, setDraft]);

  return {
    text,
    error,
    onChange(next) {
      setText(next);
      const parsed = parse(next);
      if (parsed.ok) {
        setDraft(key, null);
        if (JSON.stringify(parsed.value) !== committedJson) commit(parsed.value);
      } else {
        setDraft(key, parsed.error);
      }
    },
  };
}
