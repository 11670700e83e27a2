/** The value part of a condition, one editor per shape of value the operator takes. */
import { useId } from 'react';
import {
  type Condition,
  type ConditionValue,
  emptyScalar,
  formatList,
  formatScalar,
  KIND_LABELS,
  kindsForOperator,
  listKind,
  OPERATOR_SHAPES,
  type Parsed,
  parseList,
  parseScalar,
  type ScalarKind,
  type ScalarValue,
} from '#shared/query-builder/index';
import { useDraft } from './use-draft';

interface ValueEditorProps {
  condition: Condition;
  /** The kind a fresh value of this field takes. */
  fieldKind: ScalarKind;
  onChange(value: ConditionValue): void;
}

const ok = <T,>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T,>(error: string): Parsed<T> => ({ ok: false, error });

export function ValueEditor({ condition, fieldKind, onChange }: ValueEditorProps) {
  const { id, operator, value } = condition;
  switch (OPERATOR_SHAPES[operator]) {
    case 'scalar': {
      const scalar: ScalarValue = isScalar(value) ? value : emptyScalar(fieldKind);
      const kinds = kindsForOperator(operator);
      return (
        <div className="qb-value">
          <ScalarInput key={scalar.kind} draftKey={`${id}:value`} value={scalar} onChange={onChange} />
          <KindSelect
            kinds={kinds.includes(scalar.kind) ? kinds : [...kinds, scalar.kind]}
            value={scalar.kind}
            onChange={(kind) => onChange(changeKind(scalar, kind))}
          />
        </div>
      );
    }
    case 'list': {
      const items = value.kind === 'list' ? value.items : [];
      const kind = listKind(items) ?? (items.length === 0 ? fieldKind : null);
      return (
        <div className="qb-value">
          <ListInput
            key={kind ?? 'mixed'}
            draftKey={`${id}:value`}
            items={items}
            kind={kind}
            onChange={onChange}
          />
          <KindSelect
            kinds={kindsForOperator(operator)}
            value={kind}
            label="Item type"
            onChange={(k) => onChange({ kind: 'list', items: items.map((item) => changeKind(item, k)) })}
          />
        </div>
      );
    }
    case 'exists':
      return (
        <div className="qb-value">
          <select
            className="input qb-input"
            aria-label="Value"
            value={value.kind === 'boolean' && !value.value ? 'false' : 'true'}
            onChange={(e) => onChange({ kind: 'boolean', value: e.target.value === 'true' })}
          >
            <option value="true">is present</option>
            <option value="false">is absent</option>
          </select>
        </div>
      );
    case 'regex':
      return (
        <RegexInput
          id={id}
          value={value.kind === 'regex' ? value : { kind: 'regex', pattern: '', flags: '' }}
          onChange={onChange}
        />
      );
    case 'size':
      return (
        <div className="qb-value">
          <DraftInput
            draftKey={`${id}:value`}
            label="Value"
            value={value.kind === 'number' ? value.value : 0}
            format={String}
            parse={parseSize}
            onCommit={(n) => onChange({ kind: 'number', value: n })}
            inputMode="numeric"
            placeholder="0"
          />
          <span className="qb-unit">items</span>
        </div>
      );
    case 'dateRange': {
      const range = value.kind === 'dateRange' ? value : { kind: 'dateRange' as const, from: '', to: '' };
      return (
        <div className="qb-value qb-value--range">
          <DateInput
            draftKey={`${id}:from`}
            label="From"
            iso={range.from}
            onCommit={(from) => onChange({ ...range, from })}
          />
          <span className="qb-unit">and</span>
          <DateInput
            draftKey={`${id}:to`}
            label="To"
            iso={range.to}
            onCommit={(to) => onChange({ ...range, to })}
          />
          <span className="qb-unit" title="Times are in UTC">
            UTC
          </span>
        </div>
      );
    }
  }
}

const isScalar = (v: ConditionValue): v is ScalarValue =>
  v.kind !== 'list' && v.kind !== 'regex' && v.kind !== 'dateRange';

/** The same value in another kind when its text reads as one (`"5"` → 5), else an empty one. */
export function changeKind(value: ScalarValue, kind: ScalarKind): ScalarValue {
  if (value.kind === kind) return value;
  const parsed = parseScalar(kind, value.kind === 'null' ? '' : formatScalar(value));
  return parsed.ok && !(kind === 'string' && value.kind === 'null') ? parsed.value : emptyScalar(kind);
}

function parseSize(text: string): Parsed<number> {
  const t = text.trim();
  return /^\d+$/.test(t) ? ok(Number(t)) : fail('A size is a whole number of items, 0 or more');
}

function KindSelect({
  kinds,
  value,
  onChange,
  label = 'Value type',
}: {
  kinds: ScalarKind[];
  value: ScalarKind | null;
  onChange(kind: ScalarKind): void;
  label?: string;
}) {
  return (
    <select
      className="input qb-kind"
      aria-label={label}
      value={value ?? 'mixed'}
      onChange={(e) => onChange(e.target.value as ScalarKind)}
    >
      {value === null && (
        <option value="mixed" disabled>
          Mixed
        </option>
      )}
      {kinds.map((k) => (
        <option key={k} value={k}>
          {KIND_LABELS[k]}
        </option>
      ))}
    </select>
  );
}

interface DraftInputProps<T> {
  draftKey: string;
  label: string;
  value: T;
  format(value: T): string;
  parse(text: string): Parsed<T>;
  onCommit(value: T): void;
  type?: string;
  inputMode?: 'text' | 'decimal' | 'numeric';
  placeholder?: string;
  mono?: boolean;
  step?: string;
  list?: string;
  title?: string;
}

/** A text input over a typed value: invalid text stays, marked, until it reads as a value. */
export function DraftInput<T>({
  draftKey,
  label,
  value,
  format,
  parse,
  onCommit,
  mono,
  ...rest
}: DraftInputProps<T>) {
  const { text, error, onChange } = useDraft(draftKey, value, format, parse, onCommit);
  const errorId = useId();
  return (
    <span className="qb-draft">
      <input
        className={`input qb-input${mono ? ' input--mono' : ''}`}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        value={text}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        {...rest}
      />
      {error && (
        <span className="qb-draft__error" id={errorId} role="alert" data-testid="value-error">
          {error}
        </span>
      )}
    </span>
  );
}

function DateInput({
  draftKey,
  label,
  iso,
  onCommit,
}: {
  draftKey: string;
  label: string;
  iso: string;
  onCommit(iso: string): void;
}) {
  return (
    <DraftInput
      draftKey={draftKey}
      label={label}
      placeholder="2024-01-31 14:05"
      mono
      value={iso}
      format={(v) => formatScalar({ kind: 'date', iso: v })}
      parse={(t) => {
        const d = parseScalar('date', t);
        return d.ok && d.value.kind === 'date' ? ok(d.value.iso) : fail(d.ok ? 'Enter a date' : d.error);
      }}
      onCommit={onCommit}
    />
  );
}

function ScalarInput({
  draftKey,
  value,
  onChange,
}: {
  draftKey: string;
  value: ScalarValue;
  onChange(v: ScalarValue): void;
}) {
  switch (value.kind) {
    case 'boolean':
      return (
        <select
          className="input qb-input"
          aria-label="Value"
          value={String(value.value)}
          onChange={(e) => onChange({ kind: 'boolean', value: e.target.value === 'true' })}
        >
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
    case 'null':
      return (
        <span className="qb-null" role="img" aria-label="Value: null">
          null
        </span>
      );
    case 'date':
      return (
        <span className="qb-with-unit">
          <DateInput
            draftKey={draftKey}
            label="Value"
            iso={value.iso}
            onCommit={(iso) => onChange({ kind: 'date', iso })}
          />
          <span className="qb-unit" title="Times are in UTC">
            UTC
          </span>
        </span>
      );
    default:
      return (
        <DraftInput
          draftKey={draftKey}
          label="Value"
          value={value}
          format={formatScalar}
          parse={(t) => parseScalar(value.kind, t)}
          onCommit={onChange}
          mono={value.kind === 'objectId'}
          inputMode={value.kind === 'number' ? 'decimal' : undefined}
          placeholder={
            value.kind === 'objectId' ? '24 hex characters' : value.kind === 'number' ? '0' : 'text'
          }
        />
      );
  }
}

function ListInput({
  draftKey,
  items,
  kind,
  onChange,
}: {
  draftKey: string;
  items: ScalarValue[];
  kind: ScalarKind | null;
  onChange(v: ConditionValue): void;
}) {
  return (
    <DraftInput
      draftKey={draftKey}
      label="Value"
      value={{ kind: 'list' as const, items }}
      format={formatList}
      parse={(t) => parseList(kind ?? 'string', t)}
      onCommit={onChange}
      placeholder={kind === 'number' ? '1, 2, 3' : 'circle, square'}
      mono={kind === null}
    />
  );
}

function RegexInput({
  id,
  value,
  onChange,
}: {
  id: string;
  value: Extract<ConditionValue, { kind: 'regex' }>;
  onChange(v: ConditionValue): void;
}) {
  return (
    <div className="qb-value qb-value--regex">
      <span className="qb-regex">
        <span className="qb-regex__slash" aria-hidden="true">
          /
        </span>
        <DraftInput
          draftKey={`${id}:value`}
          label="Value"
          value={value.pattern}
          format={(p) => p}
          parse={(t) => ok(t)}
          onCommit={(pattern) => onChange({ ...value, pattern })}
          mono
          placeholder="^pattern"
        />
        <span className="qb-regex__slash" aria-hidden="true">
          /
        </span>
      </span>
      <DraftInput
        draftKey={`${id}:flags`}
        label="Regex options"
        value={value.flags}
        format={(f) => f}
        parse={(t) =>
          /^[imsx]*$/.test(t.trim()) ? ok(t.trim()) : fail('Regex options are letters among i, m, s, x')
        }
        onCommit={(flags) => onChange({ ...value, flags })}
        mono
        placeholder="flags"
      />
    </div>
  );
}
