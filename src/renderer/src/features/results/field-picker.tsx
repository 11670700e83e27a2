/** A result column's field picker: the schema sample's paths as checkboxes, and any path typed in. */
import { useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

interface FieldPickerProps {
  column: string;
  offered: string[];
  chosen: string[];
  onChange(fields: string[]): void;
}

const PATH = /^(data|metadata)(\.[^.\s]+)+$/;

export function FieldPicker({ column, offered, chosen, onChange }: FieldPickerProps) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [at, setAt] = useState({ top: 0, left: 0 });
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const titleId = useId();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!panel.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node))
        setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const toggle = () => {
    const r = button.current?.getBoundingClientRect();
    if (r) setAt({ top: r.bottom + 4, left: Math.max(8, Math.min(r.left, window.innerWidth - 288)) });
    setOpen((v) => !v);
  };
  const all = [...new Set([...chosen, ...offered])];
  const set = (path: string, on: boolean) =>
    onChange(on ? [...chosen, path] : chosen.filter((f) => f !== path));
  const validTyped = PATH.test(typed.trim()) && !chosen.includes(typed.trim());

  return (
    <>
      <button
        ref={button}
        type="button"
        className="rgrid__pick"
        aria-label={`Fields for ${column}`}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={toggle}
      >
        <svg
          width="12"
          height="12"
          viewBox="0 0 24 24"
          aria-hidden="true"
          fill="none"
          stroke="currentColor"
          strokeWidth="2.2"
          strokeLinecap="round"
        >
          <path d="M4 6h16M7 12h10M10 18h4" />
        </svg>
      </button>
      {open &&
        createPortal(
          <div
            ref={panel}
            className="picker"
            role="dialog"
            aria-labelledby={titleId}
            style={{ top: at.top, left: at.left }}
          >
            <p className="picker__title" id={titleId}>
              Fields of <span className="mono">{column}</span>
            </p>
            <ul className="picker__list">
              {all.map((path) => (
                <li key={path}>
                  <label className="picker__option">
                    <input
                      type="checkbox"
                      checked={chosen.includes(path)}
                      onChange={(e) => set(path, e.target.checked)}
                    />
                    <span className="mono">{path}</span>
                  </label>
                </li>
              ))}
            </ul>
            <form
              className="picker__add"
              onSubmit={(e) => {
                e.preventDefault();
                if (!validTyped) return;
                onChange([...chosen, typed.trim()]);
                setTyped('');
              }}
            >
              <input
                className="input input--mono"
                aria-label="Another field path"
                placeholder="metadata.split"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
              />
              <button type="submit" className="btn btn--small" disabled={!validTyped}>
                Add
              </button>
            </form>
          </div>,
          document.body,
        )}
    </>
  );
}
