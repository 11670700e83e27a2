/** The strategy select, with one sentence per strategy in its tooltip. */
import { useId } from 'react';
import { STRATEGIES, type Strategy } from '#shared/query/types';
import type { JsonValue } from '#shared/query-builder/index';
import { InfoIcon } from '../../components/icons';

export const STRATEGY_HELP: Record<Strategy, string> = {
  latest: 'Picks the most recently added matching datum; on the base stage, rows come newest first.',
  earliest: 'Picks the oldest matching datum; on the base stage, rows come oldest first.',
  random: 'Picks a matching datum at random; on the base stage, the rows are a uniform random sample.',
  quickest: 'Takes whichever match the store returns first, without sorting: the fastest choice.',
  missing: 'Keeps the row only when no datum matches, and adds no column for this stage.',
};

interface StrategyFieldProps {
  value: JsonValue | undefined;
  isBase: boolean;
  invalid: boolean;
  describedBy?: string;
  onChange(strategy: Strategy): void;
}

export function StrategyField({ value, isBase, invalid, describedBy, onChange }: StrategyFieldProps) {
  const id = useId();
  const helpId = useId();
  const tipId = useId();
  const current = value === undefined ? 'latest' : value;
  const known = typeof current === 'string' && (STRATEGIES as readonly string[]).includes(current);
  const offered = STRATEGIES.filter((s) => !isBase || s !== 'missing' || current === 'missing');
  const selected = known ? (current as Strategy) : null;

  return (
    <div className="qb-field qb-field--strategy">
      <label className="qb-field__label" htmlFor={id}>
        Strategy
      </label>
      <div className="qb-field__row">
        <select
          id={id}
          className="input qb-select"
          value={known ? (current as string) : '__invalid'}
          aria-invalid={invalid || undefined}
          aria-describedby={[helpId, describedBy].filter(Boolean).join(' ')}
          title={selected ? STRATEGY_HELP[selected] : undefined}
          onChange={(e) => onChange(e.target.value as Strategy)}
        >
          {!known && (
            <option value="__invalid" disabled>
              {JSON.stringify(current)}
            </option>
          )}
          {offered.map((s) => (
            <option key={s} value={s}>
              {s}
              {value === undefined && s === 'latest' ? ' (default)' : ''}
            </option>
          ))}
        </select>
        <span className="qb-tip">
          <button
            type="button"
            className="icon-btn qb-icon-btn qb-tip__trigger"
            aria-label="About strategies"
            aria-describedby={tipId}
            onKeyDown={(e) => {
              if (e.key === 'Escape') e.currentTarget.blur();
            }}
          >
            <InfoIcon size={15} />
          </button>
          <span role="tooltip" id={tipId} className="qb-tip__bubble">
            <span className="qb-tip__title">Which datum a stage picks when several match</span>
            {STRATEGIES.map((s) => (
              <span key={s} className={`qb-tip__item${s === selected ? ' is-current' : ''}`}>
                <span className="qb-tip__term">{s}</span>
                <span>
                  {STRATEGY_HELP[s]}
                  {s === 'missing' ? ' Derived stages only.' : ''}
                </span>
              </span>
            ))}
          </span>
        </span>
      </div>
      <span id={helpId} className="visually-hidden">
        {selected ? STRATEGY_HELP[selected] : 'Not a strategy'}
      </span>
    </div>
  );
}
