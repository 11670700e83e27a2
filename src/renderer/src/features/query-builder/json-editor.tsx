/**
 * A CodeMirror 6 JSON editor kept in step with a text held elsewhere: typing reports the new text, a new
 * text from outside replaces only what changed (so the view keeps its scroll and selection), and the
 * diagnostics passed in are drawn on the text.
 *
 * The editor lives in a shadow root. CodeMirror writes its styles with style-mod, which uses a <style>
 * element for a document (refused by the app's Content-Security-Policy, which allows no inline styles)
 * but a constructed stylesheet for a shadow root (which the policy does not govern). Colours come from
 * CSS variables set on the host element; they inherit into the shadow tree.
 */
import { json } from '@codemirror/lang-json';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { Annotation, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

/** Marks changes made from outside, so they are not reported back as typing. */
const fromOutside = Annotation.define<boolean>();

export interface EditorDiagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning';
  message: string;
}

interface JsonEditorProps {
  value: string;
  onChange(text: string): void;
  diagnostics: EditorDiagnostic[];
  /** The accessible name of the editable text. */
  label: string;
  describedBy?: string;
}

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--qb-code-key)' },
  { tag: tags.string, color: 'var(--qb-code-string)' },
  { tag: tags.number, color: 'var(--qb-code-number)' },
  { tag: [tags.bool, tags.null], color: 'var(--qb-code-keyword)' },
  { tag: [tags.brace, tags.squareBracket, tags.separator, tags.punctuation], color: 'var(--qb-code-punct)' },
]);

const theme = EditorView.theme({
  '&': {
    height: '100%',
    fontSize: '12.5px',
    color: 'var(--text)',
    backgroundColor: 'var(--surface)',
  },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.6' },
  '.cm-content': { caretColor: 'var(--text)', padding: '10px 0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': {
    backgroundColor: 'var(--surface-sunken)',
    color: 'var(--text-faint)',
    border: 'none',
    borderRight: '1px solid var(--border)',
  },
  '.cm-activeLine': { backgroundColor: 'var(--qb-code-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--qb-code-active-line)', color: 'var(--text-muted)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection':
    { backgroundColor: 'var(--qb-code-selection) !important' },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': {
    backgroundColor: 'var(--qb-code-match)',
    color: 'inherit',
    outline: 'none',
  },
  '.cm-foldPlaceholder': {
    backgroundColor: 'var(--surface-sunken)',
    border: '1px solid var(--border)',
    color: 'var(--text-muted)',
  },
  '.cm-tooltip': {
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: '6px',
    boxShadow: 'var(--shadow-lg)',
    fontFamily: 'var(--font-ui)',
  },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: 'var(--accent-weak)',
    color: 'var(--accent-weak-text)',
  },
  '.cm-diagnostic': { padding: '6px 10px', fontSize: '12px', maxWidth: '420px' },
  '.cm-diagnostic-error': { borderLeft: '3px solid var(--danger)' },
  '.cm-diagnostic-warning': { borderLeft: '3px solid var(--warning)' },
  '.cm-lintRange-error': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy var(--danger)',
    textDecorationSkipInk: 'none',
    textUnderlineOffset: '3px',
    backgroundColor: 'var(--qb-code-error-bg)',
  },
  '.cm-lintRange-warning': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy var(--warning)',
    textDecorationSkipInk: 'none',
    textUnderlineOffset: '3px',
  },
  '.cm-panels': { backgroundColor: 'var(--surface-sunken)', color: 'var(--text)' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--border)' },
  '.cm-textfield': {
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: '4px',
  },
  '.cm-button': {
    backgroundImage: 'none',
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: '4px',
  },
});

/** The smallest replacement turning `before` into `after`. */
function change(before: string, after: string) {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  let end = 0;
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) };
}

export function JsonEditor({ value, onChange, diagnostics, label, describedBy }: JsonEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  // biome-ignore lint/correctness/useExhaustiveDependencies: created once; value and diagnostics follow below
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    const view = new EditorView({
      root,
      parent: root,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          json(),
          syntaxHighlighting(highlight),
          lintGutter(),
          theme,
          EditorState.tabSize.of(2),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({
            'aria-label': label,
            ...(describedBy ? { 'aria-describedby': describedBy } : {}),
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged && !update.transactions.some((tr) => tr.annotation(fromOutside))) {
              onChangeRef.current(update.state.doc.toString());
            }
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, []);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const current = view.state.doc.toString();
    if (current !== value) {
      view.dispatch({ changes: change(current, value), annotations: fromOutside.of(true) });
    }
    const length = view.state.doc.length;
    const marks: Diagnostic[] = diagnostics.map((d) => ({
      from: Math.min(d.from, length),
      to: Math.min(Math.max(d.to, d.from), length),
      severity: d.severity,
      message: d.message,
    }));
    view.dispatch(setDiagnostics(view.state, marks));
  }, [value, diagnostics]);

  return <div ref={hostRef} className="qb-json__editor" data-testid="query-json-editor" />;
}
